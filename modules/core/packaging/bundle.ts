import { buildSync } from "esbuild";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";

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
      bundles[index] = { code: file.contents };
    }
  }
  return bundles;
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
