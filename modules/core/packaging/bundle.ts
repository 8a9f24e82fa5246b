import { buildSync, type Metafile } from "esbuild";
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
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
  const bundles: Bundle[] = new Array(requests.length);
  for (const [key, indexes] of groups) {
    const [root, target, external] = JSON.parse(key) as [string, string, string[]];
    const entryPoints = Object.fromEntries(indexes.map((i) => [`entry${i}`, requests[i].entry]));
    const result = buildSync({ ...BUILD_OPTIONS, entryPoints, absWorkingDir: root, target, external, outdir: "bundles" });
    for (const file of result.outputFiles) {
      const index = Number(/entry(\d+)\.js$/.exec(file.path)?.[1]);
      const output = result.metafile.outputs[`bundles/entry${index}.js`];
      const entryFormat = output?.entryPoint !== undefined ? result.metafile.inputs[output.entryPoint]?.format : undefined;
      const exports =
        entryFormat === "cjs"
          ? commonJsExports(bundledModule(result.metafile, root, output!.entryPoint!))
          : { names: esmBundleExports(file.text), complete: true };
      bundles[index] = { code: file.contents, entryFormat, exports };
    }
  }
  return bundles;
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
  let dir = dirname(resolve(entry));
  while (!existsSync(resolve(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) return dirname(resolve(entry));
    dir = parent;
  }
  return dir;
}
