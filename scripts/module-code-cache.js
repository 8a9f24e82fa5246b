/*
 * V8's compiled code of the packages the app runner loads (cdktf, constructs, the provider bindings:
 * about 10 MB of JavaScript, compiled at every run otherwise), kept between runs under
 * <package root>/node_modules/.cache/cdktf-serverless/, like the app's bundle and its code cache.
 *
 * On Node.js 22.1 and later this is Node's own compile cache (`module.enableCompileCache`). Before,
 * the same is done here for CommonJS files under node_modules: each is compiled with the code V8
 * produced for it at an earlier run (taken after that run, so it holds the functions the run
 * compiled, not only the top level), and run as Node.js runs a module. A file's code is used only
 * while the file is the one it was made from (same device, inode, size, modification and change
 * times: a package reinstalled or edited is a new file, or a changed one), and V8 itself refuses code
 * of another V8 version or flags. The project's own files are left to Node.js.
 *
 * The output is the same with or without it: V8's code cache holds compiled code, never results.
 * CDKTF_SERVERLESS_BUILD_CACHE_OFF=1 turns it off with the other caches.
 */
"use strict";
const fs = require("node:fs");
const Module = require("node:module");
const path = require("node:path");
const vm = require("node:vm");
const buildCache = require("../modules/core/packaging/build-cache");

const KIND = "module-code";
/** One file per Node.js version and flags: V8 refuses code made by another. */
const KEEP = 4;

/**
 * Turns the cache on for the rest of this process; returns `save()`, which stores the code of the
 * modules compiled without it (call it once the app has run, so that the code holds what it compiled).
 */
function enableModuleCodeCache(root) {
  if (process.env[buildCache.DISABLE] === "1" || enabled) return () => undefined;
  enabled = true;
  if (typeof Module.enableCompileCache === "function") {
    Module.enableCompileCache(buildCache.cacheDir(root, "node-compile-cache"));
    return () => (typeof Module.flushCompileCache === "function" ? Module.flushCompileCache() : undefined);
  }
  return compileWithCache(root);
}

/** Once per process: a second app run in it (tests, watch mode) finds its modules loaded already. */
let enabled = false;

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

function compileWithCache(root) {
  const name = `${buildCache.sha(`${process.version}\0${process.arch}\0${process.execArgv.join(" ")}`).slice(0, 16)}.bin`;
  const stored = readStore(buildCache.loadFile(root, KIND, name));
  /** Modules compiled without stored code, whose code to store: filename -> { signature, script }. */
  const fresh = new Map();
  const compile = Module.prototype._compile;

  Module.prototype._compile = function (content, filename, format) {
    if (format === "module" || !filename.includes(NODE_MODULES) || !filename.endsWith(".js")) return compile.call(this, content, filename, format);
    let signature;
    try {
      signature = signatureOf(filename);
    } catch {
      return compile.call(this, content, filename, format);
    }
    const entry = stored.entries.get(filename);
    const cachedData = entry && entry.signature === signature ? entry.data : undefined;
    let script;
    try {
      script = new vm.Script(Module.wrap(content), { filename, cachedData, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
    } catch {
      // Not CommonJS Node.js can run this way: Node.js compiles it (and reports it) as it would.
      return compile.call(this, content, filename, format);
    }
    if (!cachedData || script.cachedDataRejected) fresh.set(filename, { signature, script });
    const wrapper = script.runInThisContext({ displayErrors: true });
    return wrapper.call(this.exports, this.exports, requireOf(this), this, filename, path.dirname(filename));
  };

  return function save() {
    Module.prototype._compile = compile;
    if (fresh.size === 0) return;
    const entries = new Map(stored.entries);
    for (const [filename, { signature, script }] of fresh) {
      try {
        entries.set(filename, { signature, data: script.createCachedData() });
      } catch {
        entries.delete(filename);
      }
    }
    buildCache.storeFile(root, KIND, name, writeStore(entries), KEEP);
  };
}

/** What identifies the content of a file without reading it: a changed or replaced file has another. */
function signatureOf(filename) {
  const s = fs.statSync(filename, { bigint: true });
  return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
}

/** A `require` for module `mod`, as Node.js gives each CommonJS module. */
function requireOf(mod) {
  const req = (id) => mod.require(id);
  req.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
  req.resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
  req.main = require.main;
  req.extensions = Module._extensions;
  req.cache = Module._cache;
  return req;
}

/**
 * The stored file: a 4-byte length, a JSON index ([filename, signature, offset, length][]), then the
 * code of each module. Anything unreadable is an empty store.
 */
function readStore(buffer) {
  const entries = new Map();
  try {
    if (!buffer || buffer.length < 4) return { entries };
    const indexLength = buffer.readUInt32LE(0);
    const index = JSON.parse(buffer.subarray(4, 4 + indexLength).toString("utf8"));
    const base = 4 + indexLength;
    for (const [filename, signature, offset, length] of index) entries.set(filename, { signature, data: buffer.subarray(base + offset, base + offset + length) });
  } catch {
    entries.clear();
  }
  return { entries };
}

function writeStore(entries) {
  const index = [];
  const chunks = [];
  let offset = 0;
  for (const [filename, { signature, data }] of [...entries].sort(([a], [b]) => (a < b ? -1 : 1))) {
    index.push([filename, signature, offset, data.length]);
    chunks.push(data);
    offset += data.length;
  }
  const json = Buffer.from(JSON.stringify(index), "utf8");
  const head = Buffer.alloc(4);
  head.writeUInt32LE(json.length, 0);
  return Buffer.concat([head, json, ...chunks]);
}

module.exports = { enableModuleCodeCache, requireOf };
