#!/usr/bin/env node
/*
 * Runs the TypeScript cdktf app (cdktf.json's "app"): esbuild bundles the project's own TypeScript
 * in memory, packages stay external, and Node runs the result as one module.
 *
 * Why not tsx or ts-node: a require hook also wraps every require of cdktf's and the providers'
 * hundreds of modules and turns on source maps, which makes every token's stack-trace capture in
 * cdktf slow; measured on the shipped stacks it more than doubled synth time (see bench/RESULTS.md).
 * Type checking is `tsc --noEmit`, part of `npm test`.
 *
 * Usage: node scripts/run-app.js [main.ts]. CDKTF_APP_DEBUG=1 keeps cdktf's token creation traces;
 * CDKTF_APP_SOURCEMAPS=1 maps stack traces to the .ts sources. scripts/synth.js requires it and
 * calls runApp(entry) in its own process (one Node.js start instead of two).
 */
"use strict";
const esbuild = require("esbuild");
const { existsSync, readFileSync, readdirSync, rmSync } = require("node:fs");
const Module = require("node:module");
const path = require("node:path");

const debug = process.env.CDKTF_APP_DEBUG === "1";

// Two cuts in what cdktf does at every run, measured in docs/bench.md; neither changes the output:
// - cdktf requires archiver (~0.1 s of loading) for TerraformAsset ARCHIVE assets, which this
//   project never uses (it builds its own zips): it is loaded only if something calls it;
// - cdktf captures a full stack trace for every token it creates (a third of synth time in large
//   stacks), used only to say where a token came from when resolving it fails: skipped, unless
//   CDKTF_APP_DEBUG=1.
const STACK_TRACE = path.join("cdktf", "lib", "tokens", "private", "stack-trace.js");
// CDK Terrain (cdktn 0.24) calls captureCreationStack where cdktf 0.21 calls captureStackTrace.
const noStackTrace = { captureStackTrace: () => [], captureCreationStack: () => [] };
const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === "archiver" && parent && parent.filename.endsWith(path.join("cdktf", "lib", "private", "fs.js"))) {
    return (...args) => load.call(this, request, parent, isMain)(...args);
  }
  if (!debug && request.endsWith("stack-trace") && parent && Module._resolveFilename(request, parent).endsWith(STACK_TRACE)) {
    return noStackTrace;
  }
  return load.call(this, request, parent, isMain);
};

// A synth that fails must not leave the previous run's output looking current (a review or a
// deploy would read it): the files the app writes are removed first. Terraform's own files in the
// stack folders (.terraform/, lock files, local state) stay.
function removePreviousOutput(outdir) {
  rmSync(path.join(outdir, "manifest.json"), { force: true });
  const stacks = path.join(outdir, "stacks");
  if (!existsSync(stacks)) return;
  for (const stack of readdirSync(stacks)) {
    for (const written of ["cdk.tf.json", "metadata.json", "packages", "assets"]) {
      rmSync(path.join(stacks, stack, written), { recursive: true, force: true });
    }
  }
}

const withSourceMaps = process.env.CDKTF_APP_SOURCEMAPS === "1";

// Bundling puts every module in one file, so each module that uses __dirname / __filename gets its
// own constants (esbuild renames them apart); paths to handlers and layers stay right.
const ownPaths = {
  name: "own-dirname",
  setup(build) {
    build.onLoad({ filter: /\.[cm]?tsx?$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      if (!/\b__(dirname|filename)\b/.test(source)) return { contents: source, loader: "ts" };
      const header = `const __dirname = ${JSON.stringify(path.dirname(args.path))}; const __filename = ${JSON.stringify(args.path)};\n`;
      return { contents: header + source, loader: "ts" };
    });
  },
};

/**
 * Bundles and runs the app `entry` (its output goes to CDKTF_OUTDIR). Resolves when the app has run;
 * on failure prints the error, sets process.exitCode to 1 and resolves false.
 */
function runApp(entryArg) {
  const entry = path.resolve(entryArg || "main.ts");
  removePreviousOutput(path.resolve(process.env.CDKTF_OUTDIR || "cdktf.out"));
  // Plugins need esbuild's asynchronous API.
  return esbuild
    .build({
      entryPoints: [entry],
      bundle: true,
      packages: "external",
      platform: "node",
      format: "cjs",
      target: `node${process.versions.node.split(".")[0]}`,
      write: false,
      sourcemap: withSourceMaps ? "inline" : false,
      plugins: [ownPaths],
      logLevel: "warning",
    })
    .then((result) => {
      esbuild.stop();
      if (withSourceMaps) process.setSourceMapsEnabled(true);
      // The bundle runs as if it were a file next to the entry, so packages resolve from the project.
      const filename = path.join(path.dirname(entry), `${path.basename(entry, path.extname(entry))}.bundle.js`);
      const app = new Module(filename, module);
      app.filename = filename;
      app.paths = Module._nodeModulePaths(path.dirname(entry));
      app._compile(result.outputFiles[0].text, filename);
      return true;
    })
    .catch((error) => {
      esbuild.stop();
      process.exitCode = 1;
      // Both say where and why (our ValidationError; cdktf's failed stack validations, e.g. rule-pack
      // findings): the stack trace would only point into the bundle.
      if (error && (error.name === "ValidationError" || /^Validation failed/.test(error.message))) console.error(error.message);
      else if (!error.errors) console.error(error); // esbuild has printed its own errors
      return false;
    });
}

module.exports = { runApp };
if (require.main === module) runApp(process.argv[2]);
