/*
 * jest's TypeScript transform: esbuild, which the project already uses to bundle handlers and to run
 * the app. It only strips types, as ts-jest did here (tsconfig's isolatedModules made ts-jest
 * transpile file by file); `tsc --noEmit` type-checks in `npm test`. On a cold cache (a fresh CI
 * clone) it transpiles the suite's TypeScript in a fraction of ts-jest's time, which first has to
 * load the TypeScript compiler in every worker.
 *
 * Three things are kept as TypeScript's CommonJS output has them:
 * - "use strict" in every module (tsconfig's strict implies alwaysStrict);
 * - `import("x")` is a require (see `supported` below);
 * - exports that jest.spyOn can replace, seen by every importer: TypeScript's `import * as m` is the
 *   module's own exports object (when it has __esModule) and each export a plain property; esbuild
 *   copies the exports into a new object per importer, as getters that cannot be redefined. Both are
 *   patched in esbuild's helpers, so `jest.spyOn(m, "fn")` replaces `fn` for the module's callers too.
 */
"use strict";
const { createHash } = require("node:crypto");
const { readFileSync } = require("node:fs");
const esbuild = require("esbuild");

/** [helper as esbuild writes it, as patched]: applied to every file that uses the helper. */
const PATCHES = [
  // Accessors (exports) become configurable; every other use of the helper is unchanged.
  ["var __defProp = Object.defineProperty;", 'var __defProp = (o, k, d) => Object.defineProperty(o, k, d.get && !("configurable" in d) ? { ...d, configurable: true } : d);'],
  // A module compiled from ESM is imported as itself, as TypeScript's __importStar does.
  ["var __toESM = (mod, isNodeMode, target) => ", "var __toESM = (mod, isNodeMode, target) => mod && mod.__esModule && !isNodeMode ? mod : "],
];
const OWN_SOURCE = readFileSync(__filename);
const LOADERS = { ".ts": "ts", ".tsx": "tsx", ".mts": "ts", ".cts": "ts" };
const NODE_MAJOR = process.versions.node.split(".")[0];

function process_(source, filename) {
  const extension = filename.slice(filename.lastIndexOf("."));
  const result = esbuild.transformSync(source, {
    loader: LOADERS[extension] ?? "ts",
    format: "cjs",
    platform: "node",
    target: `node${NODE_MAJOR}`,
    sourcemap: "external",
    sourcefile: filename,
    sourcesContent: false,
    banner: '"use strict";',
    // Matches tsconfig (target ES2022): class fields are defined, not assigned.
    tsconfigRaw: { compilerOptions: { useDefineForClassFields: true } },
    // `await import("x")` becomes a require, as TypeScript writes it for module commonjs: jest runs
    // CommonJS, and a real dynamic import in its sandbox needs --experimental-vm-modules.
    supported: { "dynamic-import": false },
    logLevel: "silent",
  });
  let code = result.code;
  for (const [helper, patched] of PATCHES) {
    const name = helper.split(" ")[1];
    if (!code.includes(`${name}(`)) continue;
    if (!code.includes(helper)) {
      throw new Error(`__tests__/esbuild-transform.js: esbuild ${esbuild.version} no longer writes \`${helper}\` (in ${filename}); update its patch`);
    }
    code = code.replace(helper, patched);
  }
  return { code, map: result.map };
}

module.exports = {
  process: process_,
  getCacheKey(source, filename, options) {
    return createHash("sha256")
      .update(OWN_SOURCE)
      .update(esbuild.version)
      .update(NODE_MAJOR)
      .update(filename)
      .update(options.configString)
      .update(source)
      .digest("hex");
  },
};
