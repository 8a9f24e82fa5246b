import type { Metafile } from "esbuild";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { metafileInputs, packageRootOf, readCached, writeCached } from "./build-cache";
import { commonJsExports, esmBundleExports, type CommonJsModule, type ModuleExports } from "./module-exports";

/** How one entry is bundled. */
export interface BundleOptions {
  /** Absolute path of the .ts/.js entry. */
  readonly entry: string;
  /** esbuild target, e.g. `node22`. */
  readonly target: string;
  /** Module specifiers left out of the bundle (the runtime or a layer provides them). */
  readonly externalModules: readonly string[];
}

export interface Bundle {
  /** The bundled JavaScript, `index.js` in the zip. */
  readonly code: Uint8Array;
  /** Whether the entry is an ES module or CommonJS (esbuild's metafile); undefined for a file without either syntax. */
  readonly entryFormat?: "esm" | "cjs";
  /**
   * What the bundle exports, read from esbuild's output and metafile: for an ES module entry every
   * export but `default` (see `esmBundleExports`); for CommonJS what Node's lexer sees.
   */
  readonly exports: ModuleExports;
}

const BUILD_OPTIONS = {
  bundle: true,
  platform: "node",
  format: "cjs",
  minify: true,
  sourcemap: false,
  legalComments: "none",
  charset: "utf8",
  write: false,
  // What each output exports and each input's format (the bytes written do not change).
  metafile: true,
  logLevel: "silent",
} as const;

/**
 * Bundles an entry with esbuild into one minified CommonJS file. The working directory is the
 * entry's package root, so module ids that esbuild keeps in the output are relative paths and the
 * bytes do not depend on where the project is checked out.
 */
export function bundleEntry(options: BundleOptions): Bundle {
  return bundleEntries([options])[0];
}

/**
 * Bundles many entries with one esbuild run per distinct (package root, target, externals): one
 * child process for a whole app instead of one per function. Each output is byte-identical to
 * bundling its entry alone (esbuild links and minifies every entry point separately).
 * Returns the bundles in the order of `requests`.
 */
export function bundleEntries(requests: readonly BundleOptions[]): Bundle[] {
  const groups = new Map<string, number[]>();
  requests.forEach((r, i) => {
    const key = JSON.stringify([packageRoot(r.entry), r.target, [...r.externalModules].sort()]);
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const bundles: (Bundle | undefined)[] = new Array(requests.length);
  for (const [key, indexes] of groups) {
    const [root, target, external] = JSON.parse(key) as [string, string, string[]];
    for (const i of indexes) bundles[i] = cachedBundle(root, target, external, requests[i].entry);
    const missing = indexes.filter((i) => bundles[i] === undefined);
    if (missing.length === 0) continue;
    const entryPoints = Object.fromEntries(missing.map((i) => [`entry${i}`, requests[i].entry]));
    const result = esbuild().buildSync({ ...BUILD_OPTIONS, entryPoints, absWorkingDir: root, target, external, outdir: "bundles" });
    for (const file of result.outputFiles) {
      const index = Number(/entry(\d+)\.js$/.exec(file.path)?.[1]);
      const output = result.metafile.outputs[`bundles/entry${index}.js`];
      const entryFormat = output?.entryPoint !== undefined ? result.metafile.inputs[output.entryPoint]?.format : undefined;
      const exports =
        entryFormat === "cjs"
          ? commonJsExports(bundledModule(result.metafile, root, output!.entryPoint!))
          : { names: esmBundleExports(file.text), complete: true };
      bundles[index] = { code: file.contents, entryFormat, exports };
      if (output?.entryPoint === undefined) continue;
      const value = { code: Buffer.from(file.contents).toString("base64"), entryFormat, exports };
      writeCached(root, CACHE_KIND, cacheKey(root, target, external, requests[index].entry), reachableInputs(result.metafile, root, output.entryPoint), value);
    }
  }
  return bundles as Bundle[];
}

/**
 * esbuild is loaded when something is bundled: a synth whose bundles are all cached does without it.
 * Its version, part of every cache key, is its package's (the same as the API's `version`).
 */
const esbuild = (): typeof import("esbuild") => require("esbuild");
const esbuildVersion = (): string => (require("esbuild/package.json") as { version: string }).version;

/**
 * Bundles are cached by content (./build-cache.js): an entry none of whose inputs changed since it
 * was last bundled with the same esbuild and options is not bundled again; the bytes are esbuild's.
 */
const CACHE_KIND = "handler-bundles";

function cacheKey(root: string, target: string, external: readonly string[], entry: string): string {
  return JSON.stringify({ esbuild: esbuildVersion(), options: BUILD_OPTIONS, root, target, external, entry: resolve(entry) });
}

function cachedBundle(root: string, target: string, external: readonly string[], entry: string): Bundle | undefined {
  const cached = readCached<{ code: string; entryFormat?: "esm" | "cjs"; exports: ModuleExports }>(root, CACHE_KIND, cacheKey(root, target, external, entry));
  if (!cached) return undefined;
  return { code: new Uint8Array(Buffer.from(cached.code, "base64")), entryFormat: cached.entryFormat, exports: cached.exports };
}

/** Every input esbuild read for one entry: the entry and what it imports, transitively (absolute paths). */
function reachableInputs(metafile: Metafile, root: string, entryPoint: string): string[] {
  const seen = new Set<string>([entryPoint]);
  const queue = [entryPoint];
  for (let input = queue.pop(); input !== undefined; input = queue.pop()) {
    for (const imported of metafile.inputs[input]?.imports ?? []) {
      if (imported.external || seen.has(imported.path) || !metafile.inputs[imported.path]) continue;
      seen.add(imported.path);
      queue.push(imported.path);
    }
  }
  return metafileInputs({ inputs: Object.fromEntries([...seen].map((i) => [i, metafile.inputs[i]])), outputs: {} }, root);
}

/**
 * An input of the bundle as a CommonJS module to read, its re-exports followed along the paths
 * esbuild resolved (metafile); a package left external cannot be read.
 */
function bundledModule(metafile: Metafile, root: string, input: string): CommonJsModule {
  return {
    source: readFileSync(resolve(root, input), "utf8"),
    reexported: (specifier) => {
      const imported = metafile.inputs[input]?.imports.find((i) => i.original === specifier && !i.external);
      return imported && metafile.inputs[imported.path] ? bundledModule(metafile, root, imported.path) : undefined;
    },
  };
}

/** The folder of the nearest package.json above `entry` (its own folder if there is none). */
export function packageRoot(entry: string): string {
  return packageRootOf(entry);
}
