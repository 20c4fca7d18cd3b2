import { describe, expect, it } from "vitest";
import { maskOutputs } from "../../../src/skills/infra/deployer.js";

describe("deploy outputs", () => {
  it("shows values, hides sensitive ones, sorted by name", () => {
    const outputs = maskOutputs({
      queue_url: { value: "http://127.0.0.1:5000/123456789012/orders", sensitive: false },
      db_password: { value: "hunter2", sensitive: true },
      subnet_ids: { value: ["subnet-1", "subnet-2"], sensitive: false },
    });

    expect(outputs).toEqual([
      { name: "db_password", sensitive: true, value: "(sensitive)" },
      { name: "queue_url", sensitive: false, value: "http://127.0.0.1:5000/123456789012/orders" },
      { name: "subnet_ids", sensitive: false, value: ["subnet-1", "subnet-2"] },
    ]);
    expect(JSON.stringify(outputs)).not.toContain("hunter2");
  });
});
