// The git commits in an investigation's window, read with `git log` in the project root (argv, explicit
// environment, timeout). A project that is not a git repository, or a machine without git, has none.
import { run, SubprocessError } from "../../../core/subprocess.js";

export interface Commit {
  sha: string;
  /** Committer date, ISO-8601. */
  at: string;
  author: string;
  subject: string;
  files: string[];
}

export type CommitsOutcome = { available: true; commits: Commit[] } | { available: false; reason: string; commits: [] };

const RECORD = "\x1e";
const FIELD = "\x1f";
const MAX_COMMITS = 200;

/** Pure: `git log --format=%x1e%H%x1f%cI%x1f%an%x1f%s --name-only` output → commits, newest first as git prints them. */
export function parseGitLog(stdout: string): Commit[] {
  return stdout
    .split(RECORD)
    .map((record) => record.replace(/^\n+/, ""))
    .filter((record) => record.trim() !== "")
    .flatMap((record) => {
      const [head = "", ...rest] = record.split("\n");
      const [sha = "", at = "", author = "", subject = ""] = head.split(FIELD);
      const ms = Date.parse(at);
      if (!/^[0-9a-f]{7,64}$/.test(sha) || !Number.isFinite(ms)) return [];
      return [
        {
          sha,
          at: new Date(ms).toISOString(),
          author,
          subject,
          files: rest.map((line) => line.trim()).filter((line) => line !== ""),
        },
      ];
    });
}

export async function commitsInWindow(
  input: { root: string; env: Readonly<Record<string, string | undefined>> },
  window: { startMs: number; endMs: number },
): Promise<CommitsOutcome> {
  const args = [
    "-c",
    "core.quotepath=off",
    "log",
    "--no-color",
    `--max-count=${MAX_COMMITS}`,
    `--since=${new Date(window.startMs).toISOString()}`,
    `--until=${new Date(window.endMs).toISOString()}`,
    `--format=${RECORD}%H${FIELD}%cI${FIELD}%an${FIELD}%s`,
    "--name-only",
    "--",
    ".",
  ];
  try {
    const result = await run("git", args, {
      cwd: input.root,
      env: { ...input.env, GIT_TERMINAL_PROMPT: "0", GIT_PAGER: "cat" },
      timeoutMs: 15_000,
    });
    return { available: true, commits: parseGitLog(result.stdout) };
  } catch (error) {
    if (!(error instanceof SubprocessError)) throw error;
    const reason =
      error.kind === "spawn-failed"
        ? "git is not installed"
        : /not a git repository/i.test(error.result.stderr)
          ? "the project is not a git repository"
          : error.kind === "timeout"
            ? "git log timed out"
            : `git log failed: ${error.result.stderr.split("\n")[0] ?? error.message}`;
    return { available: false, reason, commits: [] };
  }
}
