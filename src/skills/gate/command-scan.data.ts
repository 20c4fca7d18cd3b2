// The programs and options the command scanner knows by name (data): the CLI's own flags, interpreters and
// decoders that can hide a call, programs that only read their arguments, and launchers' value options.

export const HELP = new Set(["--help", "-h"]);
export const GLOBAL_SWITCHES = new Set(["--json", "--verbose", "--no-color", "-V", "--version", "-h", "--help"]);
export const VALUE_FLAGS: Readonly<Record<string, "envs" | "projectDirs" | "configs">> = {
  "--env": "envs",
  "-e": "envs",
  "--project-dir": "projectDirs",
  "--config": "configs",
};

export const INTERPRETERS = new Set([
  "node",
  "nodejs",
  "python",
  "python3",
  "perl",
  "ruby",
  "php",
  "deno",
  "bun",
  "source",
  ".",
  "eval",
  "pwsh",
]);
export const DECODERS = new Set([
  "base64",
  "base32",
  "xxd",
  "openssl",
  "uudecode",
  "gunzip",
  "gzip",
  "zcat",
  "bzip2",
  "bunzip2",
  "xz",
  "unxz",
  "rev",
  "tr",
]);
export const CD = new Set(["cd", "pushd", "popd"]);
/** Programs that run a shell command given as one string after -c / --command. */
export const SHELL_STRING_RUNNERS = new Set(["script", "flock", "su", "runuser", "sg", "npx", "pnpx"]);
/** Builtins that set variables from what they read, so the gate cannot know the value. */
export const VARIABLE_WRITERS = new Set(["read", "mapfile", "readarray", "printf", "getopts", "for", "select", "let"]);
export const DECLARERS = new Set(["export", "declare", "typeset", "local", "readonly"]);
/** find's options that run a command, which ends at ";" or "+". */
export const FIND_RUNNERS = new Set(["-exec", "-execdir", "-ok", "-okdir"]);
/** Programs that only read or print their arguments; they run nothing they are given. */
export const INERT = new Set([
  "echo",
  "printf",
  "cat",
  "head",
  "tail",
  "less",
  "more",
  "wc",
  "sort",
  "uniq",
  "cut",
  "grep",
  "egrep",
  "fgrep",
  "rg",
  "ag",
  "ls",
  "tree",
  "stat",
  "file",
  "diff",
  "cmp",
  "jq",
  "true",
  "false",
  "test",
  "[",
  "[[",
  "basename",
  "dirname",
  "realpath",
  "readlink",
  "pwd",
  "date",
  "which",
  "type",
  "command",
  "column",
  "nl",
  "tac",
]);
export const INERT_SUBCOMMANDS: Readonly<Record<string, ReadonlySet<string>>> = {
  git: new Set(["add", "blame", "branch", "commit", "diff", "grep", "log", "show", "status", "tag"]),
  gh: new Set(["issue", "pr"]),
};
export const HARMLESS_TARGETS = new Set(["/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty"]);
export const NODE = /^node(?:js)?$/;
export const NODE_VALUE_OPTIONS = new Set([
  "-r",
  "--require",
  "--import",
  "--loader",
  "--experimental-loader",
  "-C",
  "--conditions",
  "--input-type",
  "--title",
  "--env-file",
  "--watch-path",
  "--inspect-port",
  "--disable-warning",
]);
/** Node options that load code before the script runs. */
export const NODE_PRELOADS = new Set([
  "-r",
  "--require",
  "--import",
  "--loader",
  "--experimental-loader",
  "--env-file",
]);
export const NPX = new Set(["npx", "pnpx", "bunx"]);
export const NPX_VALUE_OPTIONS = new Set(["-p", "--package", "-c", "--call", "-w", "--workspace"]);

/** Variables that make a program load or run other code: preloads, startup files, module paths, PATH. */
export const CODE_LOADING_VARIABLES: ReadonlySet<string> = new Set([
  "LD_PRELOAD",
  "LD_LIBRARY_PATH",
  "LD_AUDIT",
  "DYLD_INSERT_LIBRARIES",
  "DYLD_LIBRARY_PATH",
  "BASH_ENV",
  "ENV",
  "PS4",
  "PROMPT_COMMAND",
  "SHELLOPTS",
  "BASHOPTS",
  "PERL5OPT",
  "PERL5LIB",
  "PYTHONPATH",
  "PYTHONSTARTUP",
  "PYTHONHOME",
  "RUBYOPT",
  "RUBYLIB",
  "NODE_OPTIONS",
  "NODE_PATH",
  "PATH",
]);
