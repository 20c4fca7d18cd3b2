// What the gate cannot see through (data): build tools and the subcommands that run a project's own
// scripts, interpreters and the words in their programs that reach a process or run computed text, and
// the git settings, variables and subcommands that make git run a program.

import { NODE_VALUE_OPTIONS } from "./command-scan.data.js";

/** Programs that run the project's own recipes: every use ("all"), or only the listed subcommands. */
export const BUILD_TOOLS: Readonly<Record<string, "all" | readonly string[]>> = {
  make: "all",
  gmake: "all",
  just: "all",
  task: "all",
  rake: "all",
  mage: "all",
  gradle: "all",
  gradlew: "all",
  mvn: "all",
  ant: "all",
  invoke: "all",
  nox: "all",
  tox: "all",
  terragrunt: "all",
  npx: "all",
  pnpx: "all",
  bunx: "all",
  npm: [
    "run",
    "run-script",
    "rum",
    "urn",
    "exec",
    "x",
    "start",
    "restart",
    "stop",
    "explore",
    "it",
    "install-test",
    "cit",
  ],
  pnpm: ["run", "exec", "dlx", "start", "x"],
  yarn: ["run", "exec", "dlx", "start", "node"],
  bun: ["run", "x", "exec"],
  cargo: ["run"],
  go: ["run", "generate"],
};

/** Package managers that run a script named by an otherwise unknown first word (`yarn deploy`). */
export const SCRIPT_RUNNERS: Readonly<Record<string, ReadonlySet<string>>> = {
  yarn: new Set([
    "add",
    "audit",
    "bin",
    "cache",
    "config",
    "create",
    "global",
    "help",
    "info",
    "init",
    "install",
    "licenses",
    "link",
    "list",
    "outdated",
    "pack",
    "publish",
    "remove",
    "test",
    "unlink",
    "upgrade",
    "up",
    "version",
    "versions",
    "why",
    "workspaces",
    "dedupe",
    "explain",
    "npm",
  ]),
  pnpm: new Set([
    "add",
    "audit",
    "config",
    "help",
    "i",
    "import",
    "install",
    "licenses",
    "link",
    "list",
    "ls",
    "outdated",
    "pack",
    "prune",
    "publish",
    "remove",
    "rm",
    "test",
    "t",
    "unlink",
    "update",
    "up",
    "why",
    "store",
    "root",
    "bin",
  ]),
  bun: new Set([
    "add",
    "install",
    "i",
    "remove",
    "rm",
    "test",
    "pm",
    "init",
    "create",
    "link",
    "outdated",
    "update",
    "upgrade",
    "audit",
    "info",
    "build",
  ]),
};

export type Language = "javascript" | "python" | "perl" | "awk" | "sed" | "other";

export const LANGUAGES: Readonly<Record<string, Language>> = {
  node: "javascript",
  nodejs: "javascript",
  deno: "javascript",
  bun: "javascript",
  tsx: "javascript",
  "ts-node": "javascript",
  python: "python",
  python2: "python",
  python3: "python",
  pypy: "python",
  pypy3: "python",
  perl: "perl",
  awk: "awk",
  gawk: "awk",
  mawk: "awk",
  nawk: "awk",
  sed: "sed",
  gsed: "sed",
  ruby: "other",
  php: "other",
  pwsh: "other",
  osascript: "other",
  lua: "other",
  Rscript: "other",
  tclsh: "other",
  expect: "other",
  jshell: "other",
  groovy: "other",
};

/** Options whose value is the program text, per language (perl and ruby also in clusters such as -ne). */
export const CODE_OPTIONS: Readonly<Record<Language, readonly string[]>> = {
  javascript: ["-e", "--eval", "-p", "--print"],
  python: ["-c"],
  perl: ["-e", "-E"],
  awk: ["-e", "--source"],
  sed: ["-e", "--expression"],
  other: ["-e", "-r", "-c", "-Command", "-command"],
};

/** Options that load code before the program runs (a preload, a module), per language. */
export const LOADS_CODE_FIRST: Partial<Record<Language, RegExp>> = {
  javascript: /^(?:-r|--require|--import|--loader|--experimental-loader|--env-file)(?:=|$)/,
  perl: /^-[MmI]/,
};

/** Options that take a value that is not the program. */
export const INTERPRETER_VALUE_OPTIONS: ReadonlySet<string> = new Set([
  ...NODE_VALUE_OPTIONS,
  "-W",
  "-X",
  "-F",
  "-v",
  "-I",
]);

/** Options that only report on the interpreter itself. */
export const INTERPRETER_INFO: ReadonlySet<string> = new Set(["--version", "-V", "-v", "--help", "-h"]);

/**
 * Words through which a program reaches another process, the module system, or runs text it computed.
 * A program that uses none of them cannot start the CLI; one that does is code the gate cannot read.
 */
export const REACHES_PROCESS: Readonly<Record<Language, RegExp>> = {
  javascript:
    /\b(?:require|import|process|child_process|eval|Function|constructor|globalThis|global|module|exports|this|Deno|Bun|Reflect|Proxy|prototype|__proto__|Buffer|atob|arguments|WebAssembly|Worker|fetch|setTimeout|setInterval|execSync|spawn)\b|\[/,
  python:
    /\b(?:exec|eval|compile|open|getattr|setattr|delattr|globals|locals|vars|breakpoint|__import__|modules|importlib|system|popen|spawn|fork|subprocess|os|pty|ctypes|builtins|runpy|pickle|marshal|socket|shutil)\b|__/,
  perl: /\b(?:system|exec|qx|fork|open|eval|do|require|use|syscall|pipe|readpipe|glob|kill|CORE|sub)\b|`|::|\/[a-z]*e[a-z]*\s*(?:;|\}|$)/,
  awk: /\bsystem\b|\|/,
  // GNU sed's `e` command and the `e` flag of `s` run the pattern space as a shell command.
  sed: /(?:^|[;{}\n0-9$/]\s*)e(?:\s|;|$)|\/[gpIiMm0-9]*e[gpIiMm0-9]*\s*(?:;|\}|$)/,
  other: /[\s\S]/,
};

/** Python modules a one-liner may import without reaching a process. */
export const SAFE_PYTHON_MODULES: ReadonlySet<string> = new Set([
  "json",
  "sys",
  "re",
  "math",
  "datetime",
  "time",
  "collections",
  "itertools",
  "functools",
  "textwrap",
  "string",
  "statistics",
  "decimal",
  "fractions",
  "random",
  "uuid",
  "hashlib",
  "base64",
  "csv",
  "pprint",
  "difflib",
  "fnmatch",
  "urllib",
  "yaml",
  "tomllib",
]);

/** Modules `python -m` runs that are tools, not the project's code (its tests are the developer's own loop). */
export const PYTHON_TOOL_MODULES: ReadonlySet<string> = new Set([
  ...SAFE_PYTHON_MODULES,
  "http",
  "venv",
  "pip",
  "pytest",
  "unittest",
  "black",
  "ruff",
  "mypy",
  "py_compile",
  "compileall",
  "timeit",
  "zipfile",
  "tarfile",
  "calendar",
]);

/** Variables that name a program git (or its pager) runs, or a config git reads. */
export const GIT_PROGRAM_VARIABLE =
  /^(?:GIT_(?:EXTERNAL_DIFF|EDITOR|SEQUENCE_EDITOR|PAGER|SSH|SSH_COMMAND|ASKPASS|EXEC_PATH|CONFIG\w*|PROXY_COMMAND|DIR|TEMPLATE_DIR)|PAGER|EDITOR|VISUAL|SSH_ASKPASS|LESSOPEN|LESSCLOSE|HOME|XDG_CONFIG_HOME)$/;

/** Config keys that never name a program (`git -c` and `git config` with any other key may run one). */
export const GIT_SAFE_KEYS =
  /^(?:color\.|user\.|log\.|advice\.|status\.|column\.|i18n\.|format\.pretty|core\.(?:quotepath|autocrlf|abbrev|safecrlf|filemode|ignorecase)$|init\.defaultbranch$|safe\.directory$|pull\.rebase$|push\.default$|diff\.renames$|merge\.conflictstyle$|grep\.linenumber$|commit\.gpgsign$)/i;

/** Subcommands that run a program or script by design. */
export const GIT_RUNNERS: ReadonlySet<string> = new Set(["difftool", "mergetool", "filter-branch", "filter-repo"]);

/** Per subcommand, the arguments that make it run a program or script. */
export const GIT_RUNNING_ARGUMENTS: Readonly<Record<string, RegExp>> = {
  grep: /^(?:-O|--open-files-in-pager)/,
  rebase: /^(?:-x|--exec|-i|--interactive)/,
  bisect: /^run$/,
  submodule: /^foreach$/,
  fetch: /^(?:--upload-pack|-u)/,
  pull: /^(?:--upload-pack|-u)/,
  clone: /^(?:--upload-pack|-u|--template)/,
  "ls-remote": /^(?:--upload-pack|-u)/,
  push: /^--receive-pack/,
  commit: /^--template/,
};

/** Git's own subcommands; any other word may be an alias, which can run a program. */
export const GIT_BUILTINS: ReadonlySet<string> = new Set(
  (
    "add am annotate apply archive bisect blame branch bundle cat-file check-attr check-ignore checkout cherry " +
    "cherry-pick clean clone commit config count-objects describe diff diff-files diff-index diff-tree fetch " +
    "for-each-ref format-patch fsck gc grep hash-object help init log ls-files ls-remote ls-tree merge merge-base " +
    "mv name-rev notes pull push range-diff rebase reflog remote repack replace reset restore rev-list rev-parse " +
    "revert rm shortlog show show-branch show-ref sparse-checkout stash status submodule switch symbolic-ref tag " +
    "update-index update-ref verify-commit verify-tag version whatchanged worktree maintenance lfs"
  ).split(" "),
);

/** System directories whose programs are not the project's own scripts. */
export const SYSTEM_DIRS = /^\/(?:usr\/(?:local\/)?s?bin|s?bin|opt\/homebrew\/bin)\//;
