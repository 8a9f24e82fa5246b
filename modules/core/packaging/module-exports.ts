/** Node's CommonJS lexer, loaded when a file is read: a synth whose bundles are all cached does without it. */
const parseCommonJs = (source: string): ReturnType<typeof import("cjs-module-lexer").parse> => (require("cjs-module-lexer") as typeof import("cjs-module-lexer")).parse(source);

/** The names a JavaScript module exports, as far as they can be read without running it. */
export interface ModuleExports {
  /** The export names found, sorted. */
  readonly names: readonly string[];
  /**
   * False when the module may export more than `names`: CommonJS builds `module.exports` at run
   * time, and Node's lexer (what Node itself uses to import CommonJS from ES modules) only sees the
   * usual static forms (`exports.x =`, `module.exports = { x }`, re-exports of `require(...)`).
   */
  readonly complete: boolean;
}

const sorted = (names: Iterable<string>) => [...new Set(names)].filter((n) => n !== "__esModule").sort();

/**
 * The exports of an esbuild CommonJS bundle (platform node) whose entry is an ES module: esbuild
 * ends such a bundle with `0 && (module.exports = { a, b, ... })`, an annotation for Node's lexer
 * that lists every export but `default` (Node adds that one itself). `default` is read from the
 * entry when a caller needs it (`esModuleExports`).
 */
export function esmBundleExports(code: string): readonly string[] {
  const at = Math.max(code.lastIndexOf("0&&(module.exports="), code.lastIndexOf("0 && (module.exports ="));
  if (at < 0) return [];
  return sorted(parseCommonJs(code.slice(at)).exports);
}

/** A CommonJS module to read: its source, and the modules it may re-export whole. */
export interface CommonJsModule {
  readonly source: string;
  /**
   * The module a `require(specifier)` of this one loads, or undefined when it cannot be read here
   * (a package): the names are then incomplete.
   */
  readonly reexported: (specifier: string) => CommonJsModule | undefined;
}

/**
 * The exports of a CommonJS module, read by Node's lexer, with those of the modules it re-exports
 * whole (`module.exports = require("./x")`).
 */
export function commonJsExports(module: CommonJsModule, depth = 0): ModuleExports {
  let found;
  try {
    found = parseCommonJs(module.source);
  } catch {
    return { names: [], complete: false };
  }
  const names = new Set(found.exports);
  let complete = true;
  for (const specifier of found.reexports) {
    const next = depth < 8 ? module.reexported(specifier) : undefined;
    if (next === undefined) {
      complete = false;
      continue;
    }
    const inner = commonJsExports(next, depth + 1);
    inner.names.forEach((n) => names.add(n));
    complete &&= inner.complete;
  }
  // Nothing found at all most likely means exports built at run time, not a module without exports.
  return { names: sorted(names), complete: complete && names.size > 0 };
}

/** Whether Node's lexer reads `source` as CommonJS (it refuses import and export statements). */
export function isCommonJs(source: string): boolean {
  try {
    parseCommonJs(source);
    return true;
  } catch {
    return false;
  }
}

/**
 * The exports of a JavaScript or TypeScript file, `default` included, read by esbuild (its imports
 * followed inside `absWorkingDir`, packages left out, nothing written). A file that turns out to be
 * CommonJS is read by Node's lexer instead (`commonJs`). A file esbuild cannot read gives no names
 * and `complete: false` (its syntax error is not this check's to report).
 */
export function moduleExportsOf(file: string, absWorkingDir: string, commonJs: () => ModuleExports): ModuleExports {
  let result;
  try {
    // esbuild is loaded when a file is read: a synth whose bundles are all cached does without it.
    const { buildSync } = require("esbuild") as typeof import("esbuild");
    result = buildSync({
      entryPoints: [file],
      absWorkingDir,
      bundle: true,
      packages: "external",
      platform: "node",
      format: "esm",
      write: false,
      metafile: true,
      outdir: "exports",
      logLevel: "silent",
    });
  } catch {
    return { names: [], complete: false };
  }
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint !== undefined);
  if (output === undefined) return { names: [], complete: false };
  if (result.metafile.inputs[output.entryPoint!]?.format === "cjs") return commonJs();
  return { names: sorted(output.exports), complete: true };
}
