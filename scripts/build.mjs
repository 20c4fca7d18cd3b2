// Bundles the CLI into one self-contained ESM file, dist/cli.js, with every dependency inlined, so
// the plugin runs from a fresh clone without `npm install`. The output is deterministic: the same
// sources and lockfile give the same bytes (a test checks the committed bundle against a rebuild).
import { build } from "esbuild";
import { chmod } from "node:fs/promises";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { outfile: { type: "string", default: "dist/cli.js" } } });

await build({
  entryPoints: ["src/cli.ts"],
  outfile: values.outfile,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  minify: true,
  legalComments: "eof",
  charset: "utf8",
  // The ES module builds of dependencies (the AWS SDK above all) let unused operations be dropped.
  mainFields: ["module", "main"],
  logLevel: "warning",
  // Bundled CommonJS dependencies call require() for Node built-ins.
  banner: {
    js: [
      "#!/usr/bin/env node",
      "import { createRequire as __devopsCreateRequire } from 'node:module';",
      "const require = __devopsCreateRequire(import.meta.url);",
    ].join("\n"),
  },
});
await chmod(values.outfile, 0o755);
