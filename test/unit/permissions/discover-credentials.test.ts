import { describe, expect, it } from "vitest";
import type { ResolvedEnvironment } from "../../../src/core/config/resolve.js";
import { clientConfig, EMULATOR_CREDENTIALS } from "../../../src/handlers/hosting/aws/clients.js";

const env = (more: Partial<ResolvedEnvironment>) =>
  ({ name: "prod", region: "eu-west-1", ...more }) as ResolvedEnvironment;

describe("SDK clients with the discover profile's credentials", () => {
  it("are configured apart from the environment's, with their own credential provider", () => {
    const prod = env({ profile: "shop-prod", discoverProfile: "shop-iam" });

    const deploy = clientConfig(prod);
    const discover = clientConfig(prod, "discover");

    expect(discover).not.toBe(deploy);
    expect(discover.credentials).not.toBe(deploy.credentials);
    expect(clientConfig(prod, "discover")).toBe(discover);
  });

  it("use the emulator's keys in the sandbox", () => {
    expect(clientConfig(env({ endpoint: "http://127.0.0.1:5000" }), "discover")).toMatchObject({
      endpoint: "http://127.0.0.1:5000",
      credentials: EMULATOR_CREDENTIALS,
    });
  });

  it("never fall back to the default credential chain when no discover profile is configured", () => {
    expect(() => clientConfig(env({ profile: "shop-prod" }), "discover")).toThrow(
      expect.objectContaining({ code: "DISCOVER_PROFILE_MISSING" }),
    );
  });
});
