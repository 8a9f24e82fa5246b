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

/**
 * Bundles an entry with esbuild into one minified CommonJS file. The working directory is the
 * entry's package root, so module ids that esbuild keeps in the output are relative paths and the
 * bytes do not depend on where the project is checked out.
 */
export function bundleEntry(options: BundleOptions): Bundle {
  const result = buildSync({
    entryPoints: [options.entry],
    absWorkingDir: packageRoot(options.entry),
    bundle: true,
    platform: "node",
    format: "cjs",
    target: options.target,
    minify: true,
    sourcemap: false,
    legalComments: "none",
    charset: "utf8",
    external: [...options.externalModules],
    outfile: "index.js",
    write: false,
    logLevel: "silent",
  });
  return { code: result.outputFiles[0].contents };
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
