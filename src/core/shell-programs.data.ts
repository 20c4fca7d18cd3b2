// The shell words the PreToolUse gate looks through to find the program a command runs: the shells, the
// keywords that may precede a command, and the wrappers that run another program with the options that take
// a value (so the value is not taken for the program).

export const SHELLS: ReadonlySet<string> = new Set(["sh", "bash", "zsh", "dash", "ksh", "mksh", "fish"]);

export const KEYWORDS: ReadonlySet<string> = new Set([
  "!",
  "{",
  "}",
  "then",
  "do",
  "else",
  "elif",
  "if",
  "while",
  "until",
]);

export interface WrapperSpec {
  /** Options whose value is the next word. */
  values?: readonly string[];
  /** Words before the program that are not options (timeout's duration). */
  positionals?: number;
  /** Options that change the directory the program runs in. */
  chdir?: readonly string[];
  /** The wrapper appends arguments of its own (xargs). */
  appends?: boolean;
}

export const WRAPPERS: Readonly<Record<string, WrapperSpec>> = {
  env: { values: ["-u", "--unset", "-C", "--chdir"], chdir: ["-C", "--chdir"] },
  sudo: {
    values: [
      "-u",
      "--user",
      "-g",
      "--group",
      "-h",
      "--host",
      "-p",
      "--prompt",
      "-C",
      "--close-from",
      "-D",
      "--chdir",
      "-r",
      "--role",
      "-t",
      "--type",
      "-U",
      "--other-user",
      "-T",
      "--command-timeout",
    ],
    chdir: ["-D", "--chdir"],
  },
  doas: { values: ["-u", "-C"] },
  exec: { values: ["-a"] },
  time: { values: ["-f", "--format", "-o", "--output"] },
  command: {},
  builtin: {},
  nohup: {},
  setsid: {},
  chronic: {},
  unbuffer: {},
  nice: { values: ["-n", "--adjustment"] },
  ionice: { values: ["-c", "--class", "-n", "--classdata"] },
  timeout: { values: ["-s", "--signal", "-k", "--kill-after"], positionals: 1 },
  stdbuf: { values: ["-i", "-o", "-e", "--input", "--output", "--error"] },
  watch: { values: ["-n", "--interval"] },
  xargs: {
    values: [
      "-I",
      "-L",
      "-n",
      "-P",
      "-s",
      "-d",
      "-E",
      "-a",
      "--arg-file",
      "--delimiter",
      "--max-args",
      "--max-procs",
      "--max-lines",
      "--replace",
      "--eof",
      "--max-chars",
    ],
    appends: true,
  },
};
