import { describe, expect, it } from "vitest";
import { RecordError } from "../../../src/core/errors.js";
import { untranslatedWriteFault, writeFault } from "../../../src/core/write-faults.js";

/** A file-system error as Node reports it (code, syscall, path). */
function fsError(code: string, syscall: string, path = "/srv/shop/.devops/plans/prod"): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${syscall} '${path}'`), { code, syscall, path });
}

describe("write faults", () => {
  it.each([
    ["EACCES", "RECORD_NOT_WRITABLE", "write access"],
    ["EPERM", "RECORD_NOT_WRITABLE", "write access"],
    ["EROFS", "RECORD_NOT_WRITABLE", "read-only"],
    ["ENOSPC", "DISK_FULL", "free space"],
    ["EDQUOT", "DISK_FULL", "free space"],
  ])("%s on a write is %s, naming the path and the fix", (errno, code, fix) => {
    const error = writeFault("/srv/shop/.devops/registry.json", fsError(errno, "open"));

    expect(error).toBeInstanceOf(RecordError);
    expect(error).toMatchObject({
      code,
      exitCode: 1,
      message: expect.stringContaining("/srv/shop/.devops/registry.json"),
      suggestion: expect.stringContaining(fix),
      details: { path: "/srv/shop/.devops/registry.json", errno },
    });
  });

  it.each([
    ["a folder that cannot be made", fsError("EACCES", "mkdir"), "RECORD_NOT_WRITABLE"],
    ["a rename refused", fsError("EPERM", "rename"), "RECORD_NOT_WRITABLE"],
    ["a full disk on any call", fsError("ENOSPC", "open"), "DISK_FULL"],
  ])("translates %s that reached the command's top untranslated", (_case, error, code) => {
    expect(untranslatedWriteFault(error)).toMatchObject({ code, message: expect.stringContaining("/srv/shop") });
  });

  it.each([
    ["an open refused (it may have been a read)", fsError("EACCES", "open")],
    ["a file that does not exist", fsError("ENOENT", "mkdir")],
    ["an error without a path", new Error("something else")],
  ])("leaves %s as it was", (_case, error) => {
    expect(untranslatedWriteFault(error)).toBe(error);
  });
});
