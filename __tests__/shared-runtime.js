/*
 * jest's module loader, with the heavy packages that only build constructs loaded once per worker
 * instead of once per suite. jest gives every suite a fresh module registry, so each construct suite
 * used to parse and run cdktf, constructs and the provider bindings again (the app's stacks need 48
 * binding files, 5.5 MB of JavaScript): about half a second of CPU per suite, most of the suite's
 * CPU in all. These packages keep no state a suite could change by accident (cdktf's token map
 * only grows); the suites' own code and the project's modules are still loaded per suite, so
 * jest.mock, jest.spyOn on the project's modules and jest.isolateModules work as before.
 *
 * Shared packages are loaded by Node itself, outside the suite's sandbox: their objects come from
 * the worker's realm, not the suite's. That is why only packages the suites use through their API are
 * shared (not, for example, the AWS SDK, whose prototypes suites spy on).
 */
"use strict";
const { default: Runtime } = require("jest-runtime");
const { sep } = require("node:path");
const { statSync } = require("node:fs");

const SHARED = new Set(["cdktf", "constructs", "@cdktf/provider-aws", "@cdktf/provider-google", "@cdktf/provider-tfe", "esbuild"]);
const NODE_MODULES = `${sep}node_modules${sep}`;
/** The package a file belongs to: the one in its last node_modules folder. */
function packageOf(path) {
  const at = path.lastIndexOf(NODE_MODULES);
  if (at === -1) return undefined;
  const parts = path.slice(at + NODE_MODULES.length).split(sep);
  return parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
}

// cdktf runs here as scripts/run-app.js runs it for the app: without a full stack trace captured for
// every token created. cdktf keeps those traces only to say where a token came from when resolving it
// fails; they were the largest single cost of the construct suites. The output is the same either
// way (run-app.test.ts). CDKTF_APP_DEBUG=1 keeps them. cdktf 0.21 calls captureStackTrace, CDK
// Terrain (cdktn 0.24) captureCreationStack.
if (process.env.CDKTF_APP_DEBUG !== "1") {
  const traces = require("cdktf/lib/tokens/private/stack-trace");
  for (const name of ["captureStackTrace", "captureCreationStack"]) if (name in traces) traces[name] = () => [];
}

// cdktf's Jest matchers (Testing.setupJest) read `expect` from their own global: the running suite's.
let current;
Object.defineProperty(globalThis, "expect", { configurable: true, get: () => current?.global.expect });

// Each file's transformed code, once per worker: by file and transform options, while the file's
// modification time and size stay the same.
const TRANSFORMS = new Map();

class SharedRuntime extends Runtime {
  constructor(config, environment, ...rest) {
    super(config, environment, ...rest);
    current = environment;
  }

  // jest reads, hashes and looks up every module's source in its disk cache again for every suite
  // that loads it (about 13 ms per suite): the transformed code is the same for the whole worker.
  transformFile(filename, options) {
    if (options?.isInternalModule) return super.transformFile(filename, options);
    const full = this._getFullTransformationOptions(options);
    const key = `${filename}\0${JSON.stringify(full)}`;
    const stat = statSync(filename, { throwIfNoEntry: false });
    const stamp = stat && `${stat.mtimeMs}:${stat.size}`;
    let hit = TRANSFORMS.get(key);
    if (!hit || hit.stamp !== stamp) {
      const source = this.readFile(filename);
      hit = { stamp, result: this._scriptTransformer.transform(filename, full, source) };
      TRANSFORMS.set(key, hit);
    }
    this._fileTransforms.set(filename, { ...hit.result, wrapperLength: this.constructModuleWrapperStart().length });
    if (hit.result.sourceMapPath) this._sourceMapRegistry.set(filename, hit.result.sourceMapPath);
    return hit.result.code;
  }

  _loadModule(localModule, from, moduleName, modulePath, options, moduleRegistry) {
    if (!options?.isInternalModule && SHARED.has(packageOf(modulePath))) {
      localModule.exports = require(modulePath);
      localModule.loaded = true;
      return;
    }
    super._loadModule(localModule, from, moduleName, modulePath, options, moduleRegistry);
  }
}

module.exports = SharedRuntime;
