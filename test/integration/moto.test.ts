import { mkdir, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configureMoto, startMoto, useMoto } from "../helpers/moto.js";
import { tempDir } from "../helpers/project.js";

// moto picks the service from the SigV4 credential scope (no Authorization header = S3), but never checks
// the signature.
async function awsQuery(
  endpoint: string,
  service: string,
  body: Record<string, string>,
): Promise<{ status: number; text: string }> {
  const response = await fetch(`${endpoint}/`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: new URLSearchParams(body).toString(),
  });
  return { status: response.status, text: await response.text() };
}

const getCallerIdentity = { Action: "GetCallerIdentity", Version: "2011-06-15" };
const iam = (action: string, params: Record<string, string> = {}) => ({
  Action: action,
  Version: "2010-05-08",
  ...params,
});

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

describe("startMoto", () => {
  it("runs a moto server on 127.0.0.1 that answers AWS calls, resets, and frees its port when stopped", async () => {
    const moto = await startMoto();

    try {
      expect(moto.endpoint).toBe(`http://127.0.0.1:${moto.port}`);
      const identity = await awsQuery(moto.endpoint, "sts", getCallerIdentity);
      expect(identity.status).toBe(200);
      expect(identity.text).toContain("<Account>123456789012</Account>");

      await awsQuery(moto.endpoint, "iam", iam("CreateUser", { UserName: "before-reset" }));
      expect((await awsQuery(moto.endpoint, "iam", iam("ListUsers"))).text).toContain(
        "<UserName>before-reset</UserName>",
      );
      await moto.reset();
      expect((await awsQuery(moto.endpoint, "iam", iam("ListUsers"))).text).not.toContain("before-reset");
    } finally {
      await moto.stop();
    }

    expect(await portIsFree(moto.port)).toBe(true);
    await expect(fetch(`${moto.endpoint}/moto-api/`)).rejects.toThrow();
  });

  it("runs servers side by side on different ports, and stop() is idempotent", async () => {
    const [a, b] = await Promise.all([startMoto(), startMoto()]);

    try {
      expect(a.port).not.toBe(b.port);
      await awsQuery(a.endpoint, "iam", iam("CreateUser", { UserName: "only-in-a" }));
      expect((await awsQuery(b.endpoint, "iam", iam("ListUsers"))).text).not.toContain("only-in-a");
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }

    await expect(a.stop()).resolves.toBeUndefined();
  });

  it("passes environment settings to the server", async () => {
    const moto = await startMoto({ env: { MOTO_ACCOUNT_ID: "111122223333" } });

    try {
      expect((await awsQuery(moto.endpoint, "sts", getCallerIdentity)).text).toContain(
        "<Account>111122223333</Account>",
      );
    } finally {
      await moto.stop();
    }
  });

  it("fails with moto's own stderr when the server cannot start", async () => {
    const shadow = await tempDir();
    await mkdir(join(shadow, "moto"));
    await writeFile(join(shadow, "moto", "__init__.py"), 'raise ImportError("moto is broken on purpose")\n');

    await expect(startMoto({ env: { PYTHONPATH: shadow } })).rejects.toThrow(
      /exited with 1; its stderr:[\s\S]*moto is broken on purpose/,
    );
  });
});

describe("useMoto", () => {
  const moto = useMoto();

  it("provides a running server", async () => {
    await awsQuery(moto().endpoint, "iam", iam("CreateUser", { UserName: "left-by-a-test" }));

    expect((await awsQuery(moto().endpoint, "sts", getCallerIdentity)).status).toBe(200);
  });

  it("resets it after each test", async () => {
    const users = await awsQuery(moto().endpoint, "iam", iam("ListUsers"));

    expect(users.status).toBe(200);
    expect(users.text).not.toContain("left-by-a-test");
  });

  it("changes server settings with configureMoto, which survive a reset", async () => {
    await configureMoto(moto(), { lambda: { use_docker: false } });
    await moto().reset();

    const config = (await (await fetch(`${moto().endpoint}/moto-api/config`)).json()) as Record<string, unknown>;
    expect(config).toMatchObject({ lambda: { use_docker: false } });
  });
});
