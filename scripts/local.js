#!/usr/bin/env node
/*
 * `npm run local -- --help`: runs a synthesized stack's functions on this machine (scripts/local.ts,
 * logic in scripts/local/). esbuild bundles the runner's TypeScript (with the model of synthesized
 * Terraform and the catalog it reads, one file per resource type) in memory, packages stay
 * external, and Node runs the result as one module, as scripts/run-app.js runs the app.
 *
 * Why not a require hook (tsx): it transforms, caches and wraps each of the two hundred modules
 * one by one; measured, a bundle starts the runner in about half the time (docs/local.md).
 * Type checking is `tsc --noEmit`, part of `npm test`.
 */
"use strict";
const esbuild = require("esbuild");
const { readFileSync } = require("node:fs");
const Module = require("node:module");
const path = require("node:path");

const ENTRY = path.join(__dirname, "local.ts");

// Each module that uses __dirname / __filename keeps its own (scripts/local/worker.ts finds the
// runtime's bootstrap next to it); the constants go on its first line, so line numbers stay.
const ownPaths = {
  name: "own-dirname",
  setup(build) {
    build.onLoad({ filter: /[\\/]scripts[\\/].*\.ts$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      if (!/\b__(dirname|filename)\b/.test(source)) return undefined;
      const header = `const __dirname = ${JSON.stringify(path.dirname(args.path))}; const __filename = ${JSON.stringify(args.path)}; `;
      return { contents: header + source, loader: "ts" };
    });
  },
};

esbuild
  .build({
    entryPoints: [ENTRY],
    bundle: true,
    packages: "external",
    platform: "node",
    format: "cjs",
    target: `node${process.versions.node.split(".")[0]}`,
    write: false,
    plugins: [ownPaths],
    logLevel: "warning",
  })
  .then((result) => {
    esbuild.stop();
    // The bundle runs as a file next to the entry: packages resolve from the project.
    const filename = path.join(__dirname, "local.bundle.js");
    const runner = new Module(filename, module);
    runner.filename = filename;
    runner.paths = Module._nodeModulePaths(__dirname);
    runner._compile(result.outputFiles[0].text, filename);
  })
  .catch((error) => {
    esbuild.stop();
    process.stderr.write(`local: ${error.message}\n`);
    process.exitCode = 2;
  });
