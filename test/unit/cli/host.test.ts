import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { CliIoHost } from "../../../src/cli/host.js";
import { type ErrorCode, UserError } from "../../../src/core/errors.js";

function streams(tty: boolean) {
  const make = () => {
    const stream = new PassThrough() as PassThrough & { isTTY?: boolean };
    stream.isTTY = tty;
    let text = "";
    stream.on("data", (chunk: Buffer) => (text += chunk.toString()));
    return { stream, text: () => text };
  };
  const out = make();
  const err = make();
  const stdin = make();
  return { out, err, streams: { stdout: out.stream, stderr: err.stream, stdin: stdin.stream } };
}

const plain = () => "rendered";

describe("CliIoHost", () => {
  it.each([
    ["a TTY outside CI", true, {}, true],
    ["a TTY with NO_COLOR", true, { NO_COLOR: "1" }, false],
    ["a TTY in CI", true, { CI: "true" }, false],
    ["a pipe", false, {}, false],
  ])("colours output on %s: %s", async (_name, tty, env, coloured) => {
    const io = streams(tty);
    const host = new CliIoHost({ json: false, verbose: false, color: true, env, streams: io.streams });

    host.notify({ level: "warn", message: "careful" });
    await new Promise((resolve) => setImmediate(resolve));

    expect(/\x1b\[/.test(io.err.text())).toBe(coloured);
  });

  it("is interactive only with a TTY on both ends, outside CI and --json", () => {
    const io = streams(true);

    expect(new CliIoHost({ json: false, verbose: false, color: true, env: {}, streams: io.streams }).interactive).toBe(
      true,
    );
    expect(new CliIoHost({ json: true, verbose: false, color: true, env: {}, streams: io.streams }).interactive).toBe(
      false,
    );
    expect(
      new CliIoHost({ json: false, verbose: false, color: true, env: { CI: "1" }, streams: io.streams }).interactive,
    ).toBe(false);
  });

  it("with --json, keeps stderr quiet and puts warnings into the one document", async () => {
    const io = streams(false);
    const host = new CliIoHost({ json: true, verbose: false, color: false, env: {}, streams: io.streams });

    host.notify({ level: "info", message: "working" });
    host.notify({ level: "warn", message: "legacy location" });
    host.progress("planning").done("planned");
    host.result("config validate", { status: "valid", data: { a: 1 } }, plain);
    await new Promise((resolve) => setImmediate(resolve));

    expect(io.err.text()).toBe("");
    expect(JSON.parse(io.out.text())).toEqual({
      ok: true,
      command: "config validate",
      status: "valid",
      data: { a: 1 },
      warnings: ["legacy location"],
      next: [],
    });
  });

  it("redacts secrets in everything it prints", async () => {
    const io = streams(false);
    const host = new CliIoHost({ json: true, verbose: false, color: false, env: {}, streams: io.streams });

    host.error(
      "init",
      new UserError("X" as ErrorCode, "failed with aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
    );
    await new Promise((resolve) => setImmediate(resolve));

    expect(io.out.text()).not.toContain("wJalrXUtnFEMI");
  });

  it("prints progress as plain lines when not on a TTY", async () => {
    const io = streams(false);
    const host = new CliIoHost({ json: false, verbose: false, color: true, env: {}, streams: io.streams });

    const progress = host.progress("planning");
    progress.done("planned");
    await new Promise((resolve) => setImmediate(resolve));

    expect(io.err.text()).toBe("… planning\n✓ planned\n");
  });
});
