// Every test process gets a home of its own for the person's trust paths (approvers, protected
// targets, used approvals), which devops reads from the password database rather than $HOME: tests
// never read or write the real home of whoever runs them. Subprocesses of the built CLI are not
// affected; the tests that run them pass their own projects and never enrol anyone.
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { vi } from "vitest";

vi.mock("node:os", async (importOriginal) => {
  const os = await importOriginal<typeof import("node:os")>();
  const home = mkdtempSync(join(os.tmpdir(), "devops-home-"));
  const userInfo = ((options?: { encoding: BufferEncoding }) => ({
    ...os.userInfo(options),
    homedir: home,
  })) as typeof os.userInfo;
  return { ...os, userInfo, default: { ...os, userInfo } };
});
