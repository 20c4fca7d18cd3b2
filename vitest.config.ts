import { readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";

const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };

export default defineConfig({
  define: { __DEVOPS_VERSION__: JSON.stringify(version) },
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup/person-home.ts"],
    clearMocks: true,
    restoreMocks: true,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: "forks",
    // The pinned AWS SDK supports Node 20 but announces that later releases will not.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  },
});
