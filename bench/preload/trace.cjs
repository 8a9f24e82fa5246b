// Benchmark trace preload (plain CommonJS, loaded with NODE_OPTIONS="--require <this file>" before
// any TypeScript runner). Active only when BENCH_TRACE_DIR is set; it never changes behaviour.
//
// In every Node.js process and worker thread of the traced tree it records:
//   - each child process started through node:child_process (outermost call only, so exec ->
//     execFile -> spawn counts once), appended to <dir>/spawns-<pid>-<thread>.jsonl at once;
//   - in the main thread, where the time goes, as exclusive time per category: module loading per
//     package (compile + top-level code; TypeScript files include their transpile or type check),
//     esbuild bundling (buildSync/build), esbuild transpiling (transform*, as tsx does), zipping
//     (fflate), child processes waited for synchronously, App.synth (minus the above), and the rest
//     ("app code": constructing stacks), written to <dir>/process-<pid>.json at exit.
// Used by scripts/bench.ts only for separate trace runs: the timed runs do not load it.
"use strict";

const dir = process.env.BENCH_TRACE_DIR;
if (dir) install(dir);

function install(dir) {
  const fs = require("fs");
  const path = require("path");
  const Module = require("module");
  const { performance } = require("perf_hooks");
  const { isMainThread, threadId } = require("worker_threads");

  const preloadAt = performance.now();
  const root = process.env.BENCH_PROJECT_ROOT ? path.resolve(process.env.BENCH_PROJECT_ROOT) + path.sep : undefined;
  const spawnFile = path.join(dir, `spawns-${process.pid}-${threadId}.jsonl`);

  // ---- child processes ----------------------------------------------------------------------
  const cp = require("child_process");
  let inSpawn = 0;
  let enterCategory; // set below, in the main thread only
  for (const fn of ["spawn", "spawnSync", "execFile", "execFileSync", "exec", "execSync", "fork"]) {
    const original = cp[fn];
    if (typeof original !== "function") continue;
    const sync = fn.endsWith("Sync");
    cp[fn] = function tracedChildProcess(...args) {
      const outer = inSpawn === 0;
      if (outer) {
        const file = String(args[0]);
        const rest = Array.isArray(args[1]) ? args[1].slice(0, 4).map(String) : [];
        const record = { pid: process.pid, thread: threadId, fn, file, args: rest, at: performance.now() };
        try {
          fs.appendFileSync(spawnFile, JSON.stringify(record) + "\n");
        } catch {
          // the trace folder is gone: nothing to record
        }
      }
      inSpawn++;
      const end = sync && outer && enterCategory ? enterCategory("child processes (waited for)") : undefined;
      try {
        return original.apply(this, args);
      } finally {
        inSpawn--;
        if (end) end();
      }
    };
  }

  if (!isMainThread) return;

  // ---- exclusive time per category ------------------------------------------------------------
  const totals = new Map();
  const stack = [];
  let last = performance.now();
  const charge = (now) => {
    const category = stack.length ? stack[stack.length - 1].category : "app code (constructing, validating)";
    totals.set(category, (totals.get(category) || 0) + (now - last));
    last = now;
  };
  const enter = (category) => {
    charge(performance.now());
    const frame = { category };
    stack.push(frame);
    return () => {
      charge(performance.now());
      // Asynchronous calls (esbuild.build) may settle while other frames are on top: remove this one.
      const at = stack.lastIndexOf(frame);
      if (at !== -1) stack.splice(at, 1);
    };
  };
  enterCategory = enter;

  const packageOf = (file) => {
    if (!file || !path.isAbsolute(file)) return "node built-ins";
    const nm = file.lastIndexOf(`${path.sep}node_modules${path.sep}`);
    if (nm !== -1) {
      const parts = file.slice(nm + 14).split(path.sep);
      return parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
    }
    if (root && file.startsWith(root)) {
      const rel = file.slice(root.length).split(path.sep);
      return `project: ${rel.length > 1 ? rel[0] + "/" : rel[0]}`;
    }
    return "other files";
  };

  // Module.prototype.load runs once per module actually loaded (never for cached ones), with the
  // resolved file name; it covers reading, transpiling (tsx or ts-node hooks), compiling and running
  // the module's top-level code. Its time is charged to the module's package; nested loads to theirs.
  const counts = { modules: 0 };
  const originalModuleLoad = Module.prototype.load;
  // The main module's load is the whole run: only its reading and transpiling (or type checking, with
  // ts-node) count as loading, up to the moment its compiled code starts (Module.prototype._compile).
  let mainLoadEnd;
  const originalCompile = Module.prototype._compile;
  Module.prototype._compile = function tracedCompile() {
    if (this.id === "." && mainLoadEnd) {
      mainLoadEnd();
      mainLoadEnd = undefined;
    }
    return originalCompile.apply(this, arguments);
  };
  Module.prototype.load = function tracedModuleLoad(filename) {
    if (this.id === ".") {
      mainLoadEnd = enter(`load: main module ${path.basename(filename)} (read, transpile or type-check)`);
      try {
        return originalModuleLoad.apply(this, arguments);
      } finally {
        if (mainLoadEnd) mainLoadEnd();
        mainLoadEnd = undefined;
      }
    }
    counts.modules++;
    const end = enter(`load: ${packageOf(filename)}`);
    try {
      return originalModuleLoad.apply(this, arguments);
    } finally {
      end();
    }
  };
  // Module._load only to wrap the exports of the packages whose calls are timed (cheap: no resolving).
  const originalLoad = Module._load;
  Module._load = function tracedLoad(request) {
    const exports = originalLoad.apply(this, arguments);
    return request === "esbuild" || request === "fflate" || request === "cdktf" ? wrapExports(request, exports) : exports;
  };

  const wrapped = new WeakMap();
  const timeMethods = (exports, methods) => {
    if (!exports || (typeof exports !== "object" && typeof exports !== "function")) return exports;
    if (wrapped.has(exports)) return wrapped.get(exports);
    const calls = {};
    const proxy = new Proxy(exports, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        const base = methods[key];
        if (typeof value !== "function" || base === undefined) return value;
        return function timed(...args) {
          calls[key] = (calls[key] || 0) + 1;
          let category = base;
          if (key === "buildSync" || key === "build") category = noteBundle(args[0], base);
          const end = enter(category);
          let result;
          try {
            result = value.apply(this, args);
          } catch (error) {
            end();
            throw error;
          }
          if (result && typeof result.then === "function") return result.finally(end);
          end();
          return result;
        };
      },
    });
    callCounts.push([methods.__name, calls]);
    wrapped.set(exports, proxy);
    return proxy;
  };
  const callCounts = [];
  // Every entry point esbuild is asked to bundle, with the options that change its output: an entry
  // used by several functions must appear once. A build with `packages: "external"` is a runner
  // compiling the app's own TypeScript (scripts/run-app.js), not the packaging of handlers.
  const bundleCalls = { handlers: 0, app: 0 };
  const bundledEntries = [];
  const noteBundle = (options, category) => {
    const o = options || {};
    if (o.packages === "external") {
      bundleCalls.app++;
      return "transpile: esbuild (the app's own TypeScript)";
    }
    bundleCalls.handlers++;
    const eps = o.entryPoints;
    const list = Array.isArray(eps) ? eps.map((e) => (typeof e === "string" ? e : e && e.in)) : eps && typeof eps === "object" ? Object.values(eps) : [];
    const external = Array.isArray(o.external) ? [...o.external].sort() : [];
    for (const entry of list) {
      const file = o.absWorkingDir ? path.resolve(o.absWorkingDir, String(entry)) : path.resolve(String(entry));
      bundledEntries.push(JSON.stringify([file, o.target, external, o.format, o.minify, o.platform]));
    }
    return category;
  };

  function wrapExports(request, exports) {
    if (request === "esbuild") {
      return timeMethods(exports, {
        __name: "esbuild",
        buildSync: "bundle: esbuild (handler entries)",
        build: "bundle: esbuild (handler entries)",
        transformSync: "transpile: esbuild transform (tsx and similar)",
        transform: "transpile: esbuild transform (tsx and similar)",
      });
    }
    if (request === "fflate") return timeMethods(exports, { __name: "fflate", zipSync: "zip: fflate", zip: "zip: fflate" });
    if (request === "cdktf" && exports && exports.App && !exports.App.prototype.__benchTraced) {
      const synth = exports.App.prototype.synth;
      exports.App.prototype.__benchTraced = true;
      exports.App.prototype.synth = function tracedSynth(...args) {
        synthStart = performance.now();
        rssBeforeSynth = process.memoryUsage().rss;
        const end = enter("synth: App.synth (JSON, files)");
        try {
          return synth.apply(this, args);
        } finally {
          end();
          synthEnd = performance.now();
        }
      };
    }
    return exports;
  }

  let synthStart;
  let synthEnd;
  let rssBeforeSynth;
  process.on("exit", () => {
    charge(performance.now());
    if (synthStart === undefined) return; // not the app process (a launcher such as npx)
    const record = {
      pid: process.pid,
      argv: process.argv,
      preloadAtMs: preloadAt,
      exitAtMs: performance.now(),
      synthStartMs: synthStart,
      synthEndMs: synthEnd,
      categoriesMs: Object.fromEntries([...totals].sort((a, b) => b[1] - a[1])),
      modulesLoaded: counts.modules,
      calls: Object.fromEntries(callCounts.map(([name, calls]) => [name, calls])),
      bundleCalls: bundleCalls.handlers,
      appBuildCalls: bundleCalls.app,
      entriesBundled: bundledEntries.length,
      distinctEntriesBundled: new Set(bundledEntries).size,
      rssBeforeSynthBytes: rssBeforeSynth,
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
    };
    fs.writeFileSync(path.join(dir, `process-${process.pid}.json`), JSON.stringify(record, null, 2));
  });
}
