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
 * CDKTF_APP_SOURCEMAPS=1 has Node map every stack trace to the .ts sources (an unexpected error is
 * mapped anyway). scripts/synth.js (`npm run synth`) requires it and calls runApp(entry, options)
 * in its own process (one Node.js start instead of two); scripts/deploy-order.ts calls
 * constructApp(entry) to read the app's stacks without synthesizing them.
 *
 * Around the app, it also:
 * - has it write into a fresh folder that replaces CDKTF_OUTDIR (default cdktf.out) once the app
 *   has finished (scripts/synth-output.js): output is never mixed or half-written;
 * - refuses, before anything is synthesized, an app with a stack that applies no rule pack
 *   (modules/core/rule-pack: applyRulePack), naming each such stack;
 * - synthesizes every stack even when one fails its validations (rule-pack findings among them),
 *   so that one run reports the failures of every stack, then fails with all of them;
 * - prints an error whose message says it all (bad props or config, a failed validation) as its
 *   message alone, and any other error with its stack, mapped to the TypeScript sources;
 * - reuses the bundle and V8's compiled code of it when no source changed (docs/synth.md: no
 *   esbuild process then), and loads each provider binding the app imports when it is first used.
 */
"use strict";
const { existsSync, mkdtempSync, readFileSync, rmSync } = require("node:fs");
const Module = require("node:module");
const { tmpdir } = require("node:os");
const path = require("node:path");
const vm = require("node:vm");
const buildCache = require("../modules/core/packaging/build-cache");
const { installResolve } = require("./cdktf-resolve");
const { enableModuleCodeCache, requireOf } = require("./module-code-cache");
const { stableStringify } = require("./stable-stringify");
const { createStaging, discard, drop, publish } = require("./synth-output");

const debug = process.env.CDKTF_APP_DEBUG === "1";
/**
 * Errors whose message says it all: bad props or config (ValidationError), environment files that
 * are not environments (EnvironmentFileError), a stack without a rule pack, a stack name that is not
 * in the app, the output folder, a deploy order that cannot be built. A stack trace would only
 * point into the bundle or this runner.
 */
const CLEAR_ERRORS = new Set(["ValidationError", "EnvironmentFileError", "RulePackMissing", "UnknownStack", "SynthOutputError", "DeployOrderError"]);

// Four cuts in what cdktf does at every run, measured in docs/bench.md; none changes the output:
// - cdktf requires archiver (~0.1 s of loading) for TerraformAsset ARCHIVE assets, which this
//   project never uses (it builds its own zips), and semver (50 modules, ~25 ms) for the check of
//   the Terraform version that moved resources need: each is loaded only if something uses it;
// - cdktf captures a full stack trace for every token it creates (a third of synth time in large
//   stacks), used only to say where a token came from when resolving it fails: skipped, unless
//   CDKTF_APP_DEBUG=1;
// - cdktf resolves each stack's configuration three times (prepare, then each element and the
//   whole stack when rendering), building a resolution context for every plain value on the way:
//   scripts/cdktf-resolve.js copies plain values itself and hands cdktf the tokens alone, with the
//   same context (cdktf resolves everything itself with CDKTF_APP_DEBUG=1);
// - cdktf writes its JSON with json-stable-stringify, which builds every indentation one character
//   at a time through a dozen small packages: scripts/stable-stringify.js writes the same bytes
//   (the library itself with CDKTF_APP_DEBUG=1).
const STACK_TRACE = path.join("cdktf", "lib", "tokens", "private", "stack-trace.js");
const CDKTF_LIB = `${path.sep}${path.join("cdktf", "lib")}${path.sep}`;
// CDK Terrain (cdktn 0.24) calls captureCreationStack where cdktf 0.21 calls captureStackTrace.
const noStackTrace = { captureStackTrace: () => [], captureCreationStack: () => [] };
const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === "archiver" && parent && parent.filename.endsWith(path.join("cdktf", "lib", "private", "fs.js"))) {
    return (...args) => load.call(this, request, parent, isMain)(...args);
  }
  if (request === "semver" && parent && parent.filename.endsWith(path.join("cdktf", "lib", "validations", "validate-binary-version.js"))) {
    return onFirstUse(() => load.call(this, request, parent, isMain));
  }
  if (!debug && request.endsWith("stack-trace") && parent && Module._resolveFilename(request, parent).endsWith(STACK_TRACE)) {
    return noStackTrace;
  }
  if (!debug && request === "json-stable-stringify" && parent && parent.filename.includes(CDKTF_LIB)) {
    return stableStringify(() => load.call(this, request, parent, isMain));
  }
  return load.call(this, request, parent, isMain);
};

/** An object that stands for the module `load()` returns, loading it when one of its properties is first read. */
function onFirstUse(load) {
  let loaded;
  const real = () => (loaded ??= load());
  return new Proxy(
    {},
    {
      get: (_, key) => real()[key],
      has: (_, key) => key in real(),
      ownKeys: () => Reflect.ownKeys(real()),
      getOwnPropertyDescriptor: (_, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);
        return descriptor && { ...descriptor, configurable: true };
      },
    },
  );
}

/** Marks a RulePack among a stack's aspects (RULE_PACK_MARKER in modules/core/rule-pack/rule-pack-aspect.ts). */
const RULE_PACK_MARKER = Symbol.for("cdktf-serverless/rule-pack");

function namedError(name, message) {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** The rule pack applied to a stack, if any. */
function rulePackOf(cdktf, stack) {
  return cdktf.Aspects.of(stack).all.find((aspect) => aspect && aspect[RULE_PACK_MARKER] === true);
}

/** The stacks of an app, in construction order. */
function stacksOf(cdktf, app) {
  return app.node.findAll().filter((c) => cdktf.TerraformStack.isStack(c));
}

function refuseStacksWithoutRulePack(cdktf, stacks) {
  const missing = stacks.filter((stack) => !rulePackOf(cdktf, stack));
  if (missing.length > 0) {
    throw namedError(
      "RulePackMissing",
      `Every stack must apply a rule pack (applyRulePack(stack, { environment }) from modules/core/rule-pack); ` +
        `these stacks have none: ${missing.map((stack) => stack.node.path).join(", ")}. Nothing was written.`,
    );
  }
}

/**
 * Keeps only the stacks named in `names` in the app (a stack name is its id, as in manifest.json and
 * `cdktf deploy <stack>`). Every stack is prepared first, as a full synth prepares them, so that
 * cross-stack references add their outputs and remote states: a stack written alone has the same
 * bytes as in a full synth.
 */
function selectStacks(stacks, names) {
  const known = stacks.map((s) => s.node.id);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw namedError(
      "UnknownStack",
      `${unknown.map((n) => JSON.stringify(n)).join(", ")}: not ${unknown.length === 1 ? "a stack" : "stacks"} of the app. The app's stacks: ${known.join(", ")}. Nothing was synthesized; the output folder is as it was.`,
    );
  }
  for (const stack of stacks) stack.prepareStack();
  for (const stack of stacks) if (!names.includes(stack.node.id)) stack.node.scope.node.tryRemoveChild(stack.node.id);
  return stacks.filter((s) => names.includes(s.node.id));
}

const VALIDATION_FAILED = /^Validation failed with the following errors:\n/;
const SKIP_ADVICE = /\s*If you wish to ignore these validations, pass 'skipValidation: true' to your App configuration\.?\s*$/;
const APP_SKIP_ADVICE = /\s*Validations allow for dynamic verification of your project\.\s*To skip validations, add 'skipValidation: true' to your App config\.?\s*$/;

/**
 * Makes each stack's failed validations a recorded failure instead of the end of the synth, so that
 * every stack is checked; returns the failures' lines (`[path] message`) once synth has run.
 */
function collectValidationFailures(stacks) {
  const lines = [];
  for (const stack of stacks) {
    const synthesizer = stack.synthesizer;
    const synthesize = synthesizer.synthesize;
    synthesizer.synthesize = function (session) {
      try {
        return synthesize.call(this, session);
      } catch (error) {
        if (!(error instanceof Error) || !VALIDATION_FAILED.test(error.message)) throw error;
        lines.push(error.message.replace(VALIDATION_FAILED, "").replace(SKIP_ADVICE, "").replace(/^ {2}/gm, ""));
      }
    };
  }
  return lines;
}

/** What the rule pack of each stack found, for a caller that prints it (scripts/synth.js). */
function reportsOf(cdktf, stacks) {
  return stacks.flatMap((stack) => {
    const pack = rulePackOf(cdktf, stack);
    const report = pack && typeof pack.reportOf === "function" ? pack.reportOf(stack) : undefined;
    return report ? [{ report, rules: (pack.rules || []).map((r) => ({ id: r.id, title: r.title })) }] : [];
  });
}

/**
 * The modules of cdktf that scripts/cdktf-resolve.js works with, or undefined when this cdktf has
 * them elsewhere (it then resolves everything itself, as with CDKTF_APP_DEBUG=1).
 */
function cdktfInternals(appModule) {
  try {
    const internal = (name) => require(Module._resolveFilename(`cdktf/lib/${name}`, appModule));
    const internals = { tokens: internal("_tokens"), resolve: internal("tokens/private/resolve").resolve };
    return typeof internals.tokens.resolve === "function" && typeof internals.resolve === "function" ? internals : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Replaces `App.synth` of the cdktf the app uses: `hooks.construct(app)` instead of synthesizing
 * (constructApp), else a synth of the stacks `hooks.stacks` names (all by default) that reports
 * the rule packs' findings to `hooks.onReports`; and has cdktf resolve with scripts/cdktf-resolve.js.
 * Returns the function that puts cdktf's own synth and resolve back.
 */
function interceptSynth(appModule, hooks) {
  const cdktf = require(Module._resolveFilename("cdktf", appModule));
  const internals = debug ? undefined : cdktfInternals(appModule);
  const ownResolve = internals && internals.tokens.resolve;
  if (internals) installResolve(cdktf, internals);
  const synth = cdktf.App.prototype.synth;
  cdktf.App.prototype.synth = function () {
    const all = stacksOf(cdktf, this);
    refuseStacksWithoutRulePack(cdktf, all);
    if (hooks.construct) return hooks.construct(this, cdktf);
    const stacks = hooks.stacks ? selectStacks(all, hooks.stacks) : all;
    hooks.result = { stacks: all.map((s) => s.node.id), written: stacks.map((s) => s.node.id) };
    if (hooks.onReports) {
      // The caller prints suppressions folded, one line per stack, instead of the pack's line per suppression.
      for (const stack of stacks) {
        const pack = rulePackOf(cdktf, stack);
        if (pack && typeof pack.log === "function") pack.log = () => undefined;
      }
    }
    const failures = collectValidationFailures(stacks);
    try {
      synth.call(this);
    } finally {
      if (hooks.onReports) hooks.onReports(reportsOf(cdktf, stacks));
    }
    if (failures.length > 0) throw new Error(`Validation failed with the following errors:\n  ${failures.join("\n").split("\n").join("\n  ")}`);
    return undefined;
  };
  return () => {
    cdktf.App.prototype.synth = synth;
    if (internals) internals.tokens.resolve = ownResolve;
  };
}

const withSourceMaps = process.env.CDKTF_APP_SOURCEMAPS === "1";

/** A path segment other than each of `names` (names of different lengths), as a Go-compatible regex. */
function otherSegment(...names) {
  const lengths = names.map((n) => n.length);
  if (new Set(lengths).size !== names.length) throw new Error("otherSegment: names of different lengths only");
  const ch = "[^\\\\/]";
  const alternatives = [];
  // Any length but the names' lengths.
  let from = 1;
  for (const length of [...lengths].sort((a, b) => a - b)) {
    if (length > from) alternatives.push(`${ch}{${from},${length - 1}}`);
    from = length + 1;
  }
  alternatives.push(`${ch}{${from},}`);
  // A name's length, differing from it somewhere.
  for (const name of names) {
    for (let i = 0; i < name.length; i++) alternatives.push(`${name.slice(0, i)}[^${name[i]}\\\\/]${ch}{${name.length - i - 1}}`);
  }
  return `(?:${alternatives.join("|")})`;
}

/**
 * The TypeScript sources the __dirname plugin reads: every one but the catalog's entries
 * (modules/core/catalog: one data file per resource type, which a test checks never uses __dirname).
 * Each file the plugin sees costs a round trip between esbuild and this process; the catalog's
 * hundred and more would cost about what the rest of the app does. esbuild's filters are Go regular
 * expressions (no lookahead): "a path with no `core/catalog` folders in it" is written out.
 */
const SOURCES_BUT_CATALOG = new RegExp(
  `^(?:[A-Za-z]:)?(?:[\\\\/](?:${otherSegment("core")}|core(?:[\\\\/]core)*[\\\\/]${otherSegment("core", "catalog")}))*(?:[\\\\/]core)*[\\\\/][^\\\\/]*\\.[cm]?tsx?$`,
);

// Bundling puts every module in one file, so each module that uses __dirname / __filename gets its
// own constants (esbuild renames them apart); paths to handlers and layers stay right. The
// constants go on the module's first line, so its line numbers (and the source map) stay the same.
const ownPaths = {
  name: "own-dirname",
  setup(build) {
    build.onLoad({ filter: SOURCES_BUT_CATALOG }, (args) => {
      const source = readFileSync(args.path, "utf8");
      // Unchanged files are left to esbuild, which reads them itself (no second copy over its IPC).
      if (!/\b__(dirname|filename)\b/.test(source)) return undefined;
      const header = `const __dirname = ${JSON.stringify(path.dirname(args.path))}; const __filename = ${JSON.stringify(args.path)}; `;
      return { contents: header + source, loader: "ts" };
    });
  },
};

/**
 * The provider bindings' deep imports (`@cdktf/provider-aws/lib/sns-topic`) load when the app first
 * uses one of their exports, not when a module importing them loads: each costs about 2 ms of
 * loading and compiling, and the shipped stacks use fewer than half of the classes their constructs
 * import (a topic, an ECR repository or a Pub/Sub subscription only where an app asks for one). The
 * bundle keeps each import as an object whose properties are the module's exports (read from the
 * module with Node's own CommonJS lexer), each a getter that requires the module. A module whose
 * exports the lexer cannot list whole is required as it is.
 */
const LAZY_PROVIDER = /^@cdktf\/provider-[a-z0-9-]+\/lib\/[a-z0-9-]+$/;
const lazyProviders = {
  name: "lazy-provider-modules",
  setup(build) {
    build.onResolve({ filter: LAZY_PROVIDER }, (args) =>
      args.namespace === "lazy-provider" ? { path: args.path, external: true } : { path: args.path, namespace: "lazy-provider", pluginData: { resolveDir: args.resolveDir } },
    );
    build.onLoad({ filter: /.*/, namespace: "lazy-provider" }, (args) => {
      const specifier = JSON.stringify(args.path);
      let names;
      try {
        const lexed = require("cjs-module-lexer").parse(readFileSync(require.resolve(args.path, { paths: [args.pluginData.resolveDir] }), "utf8"));
        if (lexed.reexports.length === 0) names = lexed.exports.filter((n) => n !== "__esModule" && n !== "default");
      } catch {
        names = undefined;
      }
      if (!names) return { contents: `module.exports = require(${specifier});`, loader: "js" };
      return {
        contents:
          `let loaded;\nconst load = () => (loaded ??= require(${specifier}));\n` +
          `Object.defineProperty(exports, "__esModule", { value: true });\n` +
          `for (const name of ${JSON.stringify(names)}) Object.defineProperty(exports, name, { enumerable: true, get: () => load()[name] });\n`,
        loader: "js",
      };
    });
  },
};

/** The source map of the last bundle, to map an unexpected error's stack to the TypeScript sources. */
let lastBundle;

/**
 * Bundles `entry` (and, with `alongside`, a module whose exports are wanted after the entry has
 * run: one bundle, so both share every module). Resolves { code, filename, key }.
 *
 * The bundle is cached by content (modules/core/packaging/build-cache.js): when no source it was
 * built from has changed, esbuild is not started. A build with warnings is not cached, so that they
 * are printed at every run.
 */
function bundle(entry, alongside) {
  const dir = path.dirname(entry);
  // The bundle runs as if it were a file next to the entry, so packages resolve from the project.
  const filename = path.join(dir, `${path.basename(entry, path.extname(entry))}.bundle.js`);
  const root = buildCache.packageRootOf(entry);
  const key = JSON.stringify({
    // esbuild's package version, the API's `version`: esbuild itself is loaded only to build.
    esbuild: require("esbuild/package.json").version,
    node: process.version,
    runner: runnerHash(),
    entry,
    alongside: alongside ? path.resolve(alongside) : null,
    withSourceMaps,
  });
  const cached = buildCache.readCached(root, APP_CACHE, key);
  if (cached) {
    // The source map is kept apart (most of an entry's size): read only to print an unexpected error.
    lastBundle = { filename, dir, map: () => (cached.map ? loadText(root, APP_MAPS, cached.map) : undefined) };
    return Promise.resolve({ code: cached.code, filename, key, root });
  }
  const input = alongside
    ? {
        stdin: {
          contents: `require(${JSON.stringify(entry)});\nmodule.exports = require(${JSON.stringify(path.resolve(alongside))});\n`,
          resolveDir: dir,
          sourcefile: "construct-app.js",
          loader: "js",
        },
      }
    : { entryPoints: [entry] };
  const esbuild = require("esbuild");
  return esbuild
    .build({
      ...input,
      bundle: true,
      packages: "external",
      platform: "node",
      format: "cjs",
      target: `node${process.versions.node.split(".")[0]}`,
      write: false,
      outdir: dir,
      // In memory only (a few milliseconds): read when an unexpected error is printed.
      sourcemap: withSourceMaps ? "inline" : "external",
      metafile: true,
      plugins: [ownPaths, lazyProviders],
      logLevel: "warning",
    })
    .then((result) => {
      esbuild.stop();
      const code = result.outputFiles.find((f) => f.path.endsWith(".js")).text;
      const map = result.outputFiles.find((f) => f.path.endsWith(".js.map"));
      lastBundle = { filename, dir, map: () => map && map.text };
      if (result.warnings.length === 0) {
        const mapName = map ? `${buildCache.sha(map.text)}.map` : undefined;
        if (mapName) buildCache.storeFile(root, APP_MAPS, mapName, map.text, APP_KEEP);
        buildCache.writeCached(root, APP_CACHE, key, buildCache.metafileInputs(result.metafile, process.cwd()), { code, map: mapName }, APP_KEEP);
      }
      return { code, filename, key, root };
    })
    .catch((error) => {
      esbuild.stop();
      throw error;
    });
}

const APP_CACHE = "app-bundles";
/** The bundles' source maps, by digest: read only to print an unexpected error. */
const APP_MAPS = "app-maps";

function loadText(root, kind, name) {
  const buffer = buildCache.loadFile(root, kind, name);
  return buffer && buffer.toString("utf8");
}
/** Bundles (and code caches) kept: one per app entry and checkout, about 3 MB each. */
const APP_KEEP = 16;
/** The V8 code cache of the app's bundle: compiled functions, reused when the bundle's code is the same. */
const CODE_CACHE = "app-code";

/** This runner's own source: the bundle depends on it (the __dirname plugin). */
let ownHash;
function runnerHash() {
  ownHash ??= buildCache.sha(readFileSync(__filename));
  return ownHash;
}

/**
 * Compiles and runs the bundle as the module `app`, as `app._compile` would, with V8's code cache
 * of an earlier run of the same code (Node.js versions and flags included: V8 refuses a cache made by
 * another). Compiling the bundle and the functions it runs is then mostly skipped. The cache is
 * written after the run, so that it holds the functions compiled lazily while the app ran.
 */
function compileCached(app, { code, filename, key, root }) {
  const name = `${buildCache.sha(`${key}\0${process.version}\0${process.execArgv.join(" ")}\0${code}`)}.v8`;
  const cachedData = buildCache.loadFile(root, CODE_CACHE, name);
  // The wrapper on a line of its own, counted as line 0: the bundle's positions stay as in its source map.
  const script = new vm.Script(`${WRAPPER[0]}\n${code}\n${WRAPPER[1]}`, { filename, lineOffset: -1, cachedData });
  const wrapper = script.runInThisContext({ displayErrors: true });
  wrapper.call(app.exports, app.exports, requireOf(app), app, filename, path.dirname(filename));
  return () => {
    if (!cachedData || script.cachedDataRejected) buildCache.storeFile(root, CODE_CACHE, name, script.createCachedData(), APP_KEEP);
  };
}

/** Node.js's CommonJS module wrapper, split around the code. */
const WRAPPER = ["(function (exports, require, module, __filename, __dirname) {", "});"];

/** Runs bundled code as a module whose `App.synth` is intercepted with `hooks`; returns its exports. */
function runBundle(bundled, entry, hooks) {
  const { code, filename } = bundled;
  if (withSourceMaps) process.setSourceMapsEnabled(true);
  const app = new Module(filename, module);
  app.filename = filename;
  app.paths = Module._nodeModulePaths(path.dirname(entry));
  // Only while the app runs: its output is placed as soon as it returns, so a later synth would not
  // be this run's; and a process may run another app after it (the test suites run apps in their
  // jest worker, whose cdktf their own constructs use too, with cdktf's own resolve).
  const restoreSynth = interceptSynth(app, hooks);
  try {
    // Node.js maps stack traces through source maps of modules it compiles itself, not of vm scripts.
    if (withSourceMaps) app._compile(code, filename);
    else compileCached(app, bundled)();
  } finally {
    restoreSynth();
  }
  return app.exports;
}

/**
 * Bundles and runs the app `entry`, whose output replaces CDKTF_OUTDIR (default cdktf.out) whole.
 * Options:
 * - `stacks`: the names of the stacks to synthesize and write (others are not written; an unknown
 *   name fails before anything is synthesized), default every stack;
 * - `onReports(reports)`: called with each synthesized stack's rule-pack report ({ report, rules }),
 *   whether synth succeeds or fails; the packs' own line per suppression is then not printed.
 * Resolves { stacks (every stack of the app), written } when the app has run and its output is in
 * place; on failure prints the error, sets process.exitCode to 1 and resolves false.
 */
function runApp(entryArg, options = {}) {
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
  const hooks = { stacks: options.stacks, onReports: options.onReports };
  const saveCode = enableModuleCodeCache(buildCache.packageRootOf(entry));
  // Plugins need esbuild's asynchronous API.
  return bundle(entry)
    .then((bundled) => {
      runBundle(bundled, entry, hooks);
      process.env.CDKTF_OUTDIR = outdir;
      // An app that chose its own outdir (new App({ outdir })) wrote there: nothing to swap in.
      if (existsSync(path.join(staging, "manifest.json"))) publish(staging, outdir);
      else drop(staging);
      saveCode();
      return hooks.result || { stacks: [], written: [] };
    })
    .catch((error) => {
      saveCode();
      process.env.CDKTF_OUTDIR = outdir;
      process.exitCode = 1;
      // A stack name that is not in the app is a typo in the command, not a failed synth of the
      // source: the output folder stays as it was.
      const keep = error && (error.name === "SynthOutputError" || error.name === "UnknownStack");
      if (keep && error.name === "UnknownStack") drop(staging);
      const note = keep ? "" : discard(staging, outdir);
      printError(error);
      if (note) console.error(note);
      return false;
    });
}

/**
 * Bundles and runs the app `entry` up to its `app.synth()`, which does not synthesize: resolves
 * { app, cdktf, exports } (the App, with every stack constructed; the cdktf module it uses; the
 * exports of `options.alongside`, a module bundled with the app, so it shares the app's modules).
 * Nothing is written (the App's folder is a temporary one, removed). On failure prints the error,
 * sets process.exitCode to 1 and resolves false.
 */
function constructApp(entryArg, options = {}) {
  const entry = path.resolve(entryArg || "main.ts");
  const previous = process.env.CDKTF_OUTDIR;
  const scratch = mkdtempSync(path.join(tmpdir(), "cdktf-construct-"));
  process.env.CDKTF_OUTDIR = scratch;
  let constructed;
  const hooks = { construct: (app, cdktf) => (constructed = { app, cdktf }) };
  const saveCode = enableModuleCodeCache(buildCache.packageRootOf(entry));
  const restore = () => {
    saveCode();
    if (previous === undefined) delete process.env.CDKTF_OUTDIR;
    else process.env.CDKTF_OUTDIR = previous;
    rmSync(scratch, { recursive: true, force: true });
  };
  return bundle(entry, options.alongside)
    .then((bundled) => {
      const exports = runBundle(bundled, entry, hooks);
      restore();
      if (!constructed) throw new Error(`${path.relative(process.cwd(), entry)} did not call app.synth(): no app to read`);
      return { ...constructed, exports };
    })
    .catch((error) => {
      restore();
      process.exitCode = 1;
      printError(error);
      return false;
    });
}

/**
 * Prints an error: a clear one (CLEAR_ERRORS, a failed validation) as its message alone; esbuild's
 * own errors not again (it printed them); any other with its stack, the bundle's positions mapped
 * to the TypeScript sources.
 */
function printError(error) {
  if (error && CLEAR_ERRORS.has(error.name)) console.error(withoutResolutionPrefix(error.message));
  else if (error && VALIDATION_FAILED.test(error.message)) console.error(`${error.message.replace(SKIP_ADVICE, "")}\nNothing was written.`);
  else if (error && /^App-level validation failed/.test(error.message)) console.error(`${error.message.replace(APP_SKIP_ADVICE, "")}\nNothing was written.`);
  else if (error && Array.isArray(error.errors) && Array.isArray(error.warnings)) return; // esbuild has printed its own errors
  else console.error(withSourcePositions(error));
}

/** cdktf prefixes an error thrown while resolving a token (a lazily built package) with "Resolution error: ". */
function withoutResolutionPrefix(message) {
  return message.replace(/^Resolution error: ([\s\S]*?)\.?$/, "$1");
}

/** The error's stack with positions in the bundle replaced by the TypeScript source positions. */
function withSourcePositions(error) {
  const text = error && error.stack ? error.stack : String(error);
  const mapText = withSourceMaps || !lastBundle ? undefined : lastBundle.map();
  if (!mapText) return text;
  let map;
  try {
    map = new Module.SourceMap(JSON.parse(mapText));
  } catch {
    return text;
  }
  const escaped = lastBundle.filename.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return text.replace(new RegExp(`${escaped}:(\\d+):(\\d+)`, "g"), (whole, line, column) => {
    const found = map.findEntry(Number(line) - 1, Number(column) - 1);
    if (!found || !found.originalSource) return whole;
    const source = path.resolve(lastBundle.dir, found.originalSource);
    return `${source}:${found.originalLine + 1}:${found.originalColumn + 1}`;
  });
}

module.exports = { runApp, constructApp, printError, SOURCES_BUT_CATALOG };
if (require.main === module) runApp(process.argv[2]);
