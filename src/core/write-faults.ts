// What a failed file write means to the person running devops. A folder that cannot be written and a
// full disk are conditions they can fix, so each gets its own code, the path and the fix, at once.
import { RecordError } from "./errors.js";

const NOT_WRITABLE = new Set(["EACCES", "EPERM", "EROFS"]);
const DISK_FULL = new Set(["ENOSPC", "EDQUOT"]);

/** The error to report for a write to `path` that failed with `error`; anything else is returned as it was. */
export function writeFault(path: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === undefined) return error;
  if (NOT_WRITABLE.has(code)) {
    return new RecordError("RECORD_NOT_WRITABLE", `${path} cannot be written (${code}): devops may not write there`, {
      suggestion:
        code === "EROFS"
          ? `the file system holding ${path} is read-only; run devops where .devops can be written`
          : `give the user running devops write access to ${path} and its folder (e.g. chown or chmod u+w), then run the command again`,
      details: { path, errno: code },
      cause: error,
    });
  }
  if (DISK_FULL.has(code)) {
    return new RecordError(
      "DISK_FULL",
      `${path} could not be written: ${code === "EDQUOT" ? "the disk quota is used up" : "no space left on the device"}`,
      {
        suggestion: `free space on the file system holding ${path} and run the command again; the record was left as it was`,
        details: { path, errno: code },
        cause: error,
      },
    );
  }
  return error;
}

// System calls that only ever write: a refusal from one of them is a folder devops may not write. An
// `open` may be a read, so it is left to the code that knows which it was (the record store does).
const WRITE_CALLS = new Set(["mkdir", "rename", "link", "unlink", "rmdir", "write", "copyfile", "symlink", "utime"]);

/**
 * The clear error for a file-system failure that reached the command's top without being translated
 * (a folder made or a file written outside the record store), so it is not reported as a bug.
 */
export function untranslatedWriteFault(error: unknown): unknown {
  const fault = error as NodeJS.ErrnoException | undefined;
  if (typeof fault?.path !== "string" || fault.code === undefined) return error;
  if (DISK_FULL.has(fault.code)) return writeFault(fault.path, error);
  if (NOT_WRITABLE.has(fault.code) && fault.syscall !== undefined && WRITE_CALLS.has(fault.syscall)) {
    return writeFault(fault.path, error);
  }
  return error;
}
