// Bundles the CLI into one self-contained ESM file, dist/cli.js, with every dependency inlined, so
// the plugin runs from a fresh clone without `npm install`, and the PreToolUse gate into dist/gate.cjs
// (beside it), which carries the gate and config reading only: no AWS SDK, no Terraform runner. The
// output is deterministic: the same sources and lockfile give the same bytes (a test checks the
// committed bundles against a rebuild).
//
// The AWS SDK is most of the code but only some commands call AWS. It is bundled separately, in two
// parts (the account check's STS and credential chain; everything else), each embedded as a
// compressed string (an ES module behind a data: URL) that is unpacked and compiled only when
// src/handlers/hosting/aws/sdk/load.ts first asks for one of its modules.
import { build } from "esbuild";
import { chmod, readdir, readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { brotliCompressSync, constants } from "node:zlib";

const { values } = parseArgs({ options: { outfile: { type: "string", default: "dist/cli.js" } } });
const gateOutfile = join(dirname(values.outfile), "gate.cjs");
const SDK_DIR = resolve("src/handlers/hosting/aws/sdk");
const { version } = JSON.parse(await readFile("package.json", "utf8"));

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  minify: true,
  legalComments: "eof",
  charset: "utf8",
  logLevel: "warning",
  // The ES module builds of dependencies (the AWS SDK above all) let unused operations be dropped.
  mainFields: ["module", "main"],
};

/** SDK modules every AWS-facing command needs first (the account check); the rest load only when used. */
const FIRST = ["credential-providers", "sts"];

async function sdkBundle(names) {
  const entry = names
    .map((name) => `export * as ${name.replace(/-/g, "_")} from ${JSON.stringify(join(SDK_DIR, `${name}.ts`))};`)
    .join("\n");
  const result = await build({
    ...common,
    stdin: { contents: entry, resolveDir: SDK_DIR, sourcefile: "aws-sdk.js", loader: "js" },
    write: false,
    outfile: "aws-sdk.js",
    // A data: URL module has no file URL: resolve Node built-ins for bundled CommonJS from the CLI's path.
    banner: {
      js: "import { createRequire as __devopsCreateRequire } from 'node:module';\nconst require = __devopsCreateRequire(process.argv[1] || process.cwd() + '/');",
    },
  });
  // Compressed, so the start-up of every command scans a short string instead of the whole SDK.
  const compressed = brotliCompressSync(result.outputFiles[0].contents, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
  });
  return compressed.toString("base64");
}

async function sdkBundles() {
  const names = (await readdir(SDK_DIR))
    .filter((file) => file.endsWith(".ts") && file !== "load.ts")
    .map((file) => file.slice(0, -3))
    .sort();
  return { first: await sdkBundle(FIRST), rest: await sdkBundle(names.filter((name) => !FIRST.includes(name))) };
}

const embedSdk = (code) => ({
  name: "embed-aws-sdk",
  setup(plugin) {
    plugin.onLoad({ filter: /[\\/]aws[\\/]sdk[\\/]load\.ts$/ }, () => ({
      loader: "js",
      contents: [
        'import { brotliDecompressSync } from "node:zlib";',
        `const first = ${JSON.stringify(code.first)};`,
        `const rest = ${JSON.stringify(code.rest)};`,
        `const FIRST = ${JSON.stringify(FIRST)};`,
        "const loaded = {};",
        "function unpack(text) {",
        '  return import("data:text/javascript;base64," + brotliDecompressSync(Buffer.from(text, "base64")).toString("base64"));',
        "}",
        "export function loadSdk(name) {",
        '  const part = FIRST.includes(name) ? "first" : "rest";',
        '  loaded[part] ??= unpack(part === "first" ? first : rest);',
        '  return loaded[part].then((all) => all[name.replace(/-/g, "_")]);',
        "}",
      ].join("\n"),
    }));
  },
});

await build({
  ...common,
  entryPoints: ["src/cli.ts"],
  outfile: values.outfile,
  plugins: [embedSdk(await sdkBundles())],
  define: { __DEVOPS_VERSION__: JSON.stringify(version) },
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

// The gate reads configs, which the handler registry validates with each handler's small config module;
// the handlers themselves (the Terraform runner, the AWS SDK) are loaded only for real work, which the
// gate never does, so their modules are replaced by one that refuses to load.
const withoutHandlers = {
  name: "gate-without-handlers",
  setup(plugin) {
    plugin.onResolve({ filter: /^\.\/(?:hosting\/aws|iac\/terraform)\/index\.js$/ }, (args) =>
      args.importer.endsWith(join("src", "handlers", "registry.ts"))
        ? { path: args.path, namespace: "gate-without-handlers" }
        : undefined,
    );
    plugin.onLoad({ filter: /.*/, namespace: "gate-without-handlers" }, (args) => ({
      loader: "js",
      contents: `throw new Error(${JSON.stringify(`the gate bundle does not carry the handler ${args.path}`)});`,
    }));
  },
};

// CommonJS: Node loads it with its synchronous loader, a few milliseconds sooner than an ES module, on
// every Bash call that reaches the gate; .cjs says so whatever package.json declares.
await build({
  ...common,
  format: "cjs",
  entryPoints: ["src/gate.ts"],
  outfile: gateOutfile,
  plugins: [withoutHandlers],
  define: { __DEVOPS_VERSION__: JSON.stringify(version) },
});
