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
 * CDKTF_APP_SOURCEMAPS=1 maps stack traces to the .ts sources. scripts/synth.js (`npm run synth`)
 * requires it and calls runApp(entry) in its own process (one Node.js start instead of two).
 *
 * Around the app, it also:
 * - has it write into a fresh folder that replaces CDKTF_OUTDIR (default cdktf.out) once the app
 *   has finished (scripts/synth-output.js): output is never mixed or half-written;
 * - refuses, before anything is synthesized, an app with a stack that applies no rule pack
 *   (modules/core/rule-pack: applyRulePack), naming each such stack.
 */
"use strict";
const esbuild = require("esbuild");
const { existsSync, readFileSync } = require("node:fs");
const Module = require("node:module");
const path = require("node:path");
const { createStaging, discard, drop, publish } = require("./synth-output");

const debug = process.env.CDKTF_APP_DEBUG === "1";
/** Errors whose message says it all. */
const CLEAR_ERRORS = ["ValidationError", "RulePackMissing", "SynthOutputError"];

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

/** Marks a RulePack among a stack's aspects (RULE_PACK_MARKER in modules/core/rule-pack/rule-pack-aspect.ts). */
const RULE_PACK_MARKER = Symbol.for("cdktf-serverless/rule-pack");

/** Makes `App.synth` of the cdktf the app uses refuse stacks without a rule pack, before it synthesizes any. */
function requireRulePacks(app) {
  const cdktf = require(Module._resolveFilename("cdktf", app));
  const synth = cdktf.App.prototype.synth;
  cdktf.App.prototype.synth = function () {
    const stacks = this.node.findAll().filter((c) => cdktf.TerraformStack.isStack(c));
    const missing = stacks.filter((stack) => !cdktf.Aspects.of(stack).all.some((aspect) => aspect && aspect[RULE_PACK_MARKER] === true));
    if (missing.length > 0) {
      const error = new Error(
        `Every stack must apply a rule pack (applyRulePack(stack, { environment }) from modules/core/rule-pack); ` +
          `these stacks have none: ${missing.map((stack) => stack.node.path).join(", ")}. Nothing was written.`,
      );
      error.name = "RulePackMissing";
      throw error;
    }
    return synth.call(this);
  };
}

/**
 * cdktf ends a failed stack validation with advice to pass `skipValidation: true`: the rule pack
 * refuses such an App (it would skip every rule), and a finding is fixed or suppressed with a reason.
 */
function withoutSkipAdvice(message) {
  return `${message.replace(/\s*If you wish to ignore these validations, pass 'skipValidation: true' to your App configuration\.?\s*$/, "")}\nNothing was written.`;
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
 * Bundles and runs the app `entry`, whose output replaces CDKTF_OUTDIR (default cdktf.out) whole.
 * Resolves true when the app has run and its output is in place; on failure prints the error, sets
 * process.exitCode to 1 and resolves false.
 */
function runApp(entryArg) {
  const entry = path.resolve(entryArg || "main.ts");
  // The app writes into its own fresh folder (cdktf's App reads CDKTF_OUTDIR when it is created).
  const outdir = path.resolve(process.env.CDKTF_OUTDIR || "cdktf.out");
  let staging;
  try {
    staging = createStaging(outdir);
  } catch (error) {
    console.error(error.message);
    process.exitCode = 1;
    return Promise.resolve(false);
  }
  process.env.CDKTF_OUTDIR = staging;
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
      requireRulePacks(app);
      app._compile(result.outputFiles[0].text, filename);
      process.env.CDKTF_OUTDIR = outdir;
      // An app that chose its own outdir (new App({ outdir })) wrote there: nothing to swap in.
      if (existsSync(path.join(staging, "manifest.json"))) publish(staging, outdir);
      else drop(staging);
      return true;
    })
    .catch((error) => {
      esbuild.stop();
      process.env.CDKTF_OUTDIR = outdir;
      process.exitCode = 1;
      const note = error && error.name === "SynthOutputError" ? "" : discard(staging, outdir);
      // These say where and why (our ValidationError; cdktf's failed stack validations, e.g. rule-pack
      // findings; a stack without a rule pack; the output folder): a stack trace would only point into
      // the bundle or this runner.
      if (error && CLEAR_ERRORS.includes(error.name)) console.error(error.message);
      else if (error && /^Validation failed/.test(error.message)) console.error(withoutSkipAdvice(error.message));
      else if (!error.errors) console.error(error); // esbuild has printed its own errors
      if (note) console.error(note);
      return false;
    });
}

module.exports = { runApp };
if (require.main === module) runApp(process.argv[2]);
