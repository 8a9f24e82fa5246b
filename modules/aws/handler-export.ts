import { Token } from "cdktf";
import type { Construct } from "constructs";
import { isAbsolute, relative, resolve } from "node:path";
import { packageRoot } from "../core/packaging/bundle";
import { commonJsExports, isCommonJs, moduleExportsOf, type CommonJsModule, type ModuleExports } from "../core/packaging/module-exports";
import { ValidationError } from "../core/validation";
import type { FunctionPackage, PackageCode } from "./function-package";

/** What the check needs to know of the function. */
export interface HandlerCheckInput {
  /** The handler as Lambda receives it (`index.list`, `src/app.handler`). */
  readonly handler: string;
  readonly runtime: string;
  /** The prop that holds the code, as given: `entry` or `codeDirectory`, and its value. */
  readonly source: { readonly prop: "entry" | "codeDirectory"; readonly value: string };
  /** Whether the function has layers: a layer may provide a handler module the zip lacks. */
  readonly hasLayers: boolean;
}

/** How many names a message lists before "+N more". */
const LISTED = 12;

/**
 * Checks at synth that the function's `handler` names code its package holds, and refuses it with
 * the construct path, the prop, what was found and the value received:
 * - `entry` (Node.js): the export exists in the bundle. The app's entries are bundled together, once,
 *   when the first stack is written, so this check is a validation of the function: it reads the
 *   exports esbuild reported for that bundle, after it is built (shared by every function of the entry).
 * - `codeDirectory`, at construction: for a Node.js runtime, the handler's file is in the zip
 *   (`<module>`, `.js`, `.mjs` or `.cjs`, a folder or a package in node_modules) and, for a CommonJS
 *   or ES module file, the export; for Python, the module's `.py` file (or package).
 * Not checked: other runtimes, names a CommonJS file builds at run time (Node's lexer cannot see
 * them), and a module missing from the zip when the function has layers (a layer may provide it).
 */
export function checkHandlerExport(fn: Construct, pkg: FunctionPackage | undefined, input: HandlerCheckInput): void {
  if (!pkg || Token.isUnresolved(input.handler)) return;
  const code = pkg.code;
  if (code.kind === "entry") {
    fn.node.addValidation({ validate: () => entryProblems(code, input) });
    return;
  }
  const problem = directoryProblem(code, input);
  if (problem) throw new ValidationError("ServerlessFunction props", [{ path: fn.node.path, prop: "handler", rule: problem, received: input.handler }]);
}

/** A Node.js handler `path/to/module.export[.nested]` as Lambda's runtime splits it; undefined without a `.`. */
export function nodeHandlerParts(handler: string): { readonly module: string; readonly exportName: string } | undefined {
  const slash = handler.lastIndexOf("/");
  const dot = handler.indexOf(".", slash + 1);
  if (dot <= slash + 1 || dot === handler.length - 1) return undefined;
  return { module: handler.slice(0, dot), exportName: handler.slice(dot + 1).split(".")[0] };
}

function entryProblems(code: Extract<PackageCode, { kind: "entry" }>, input: HandlerCheckInput): string[] {
  const parts = nodeHandlerParts(input.handler);
  // The bundle is `index.js`; the props validation refuses another file.
  if (!parts || parts.module !== "index") return [];
  const bundle = code.bundle();
  let exports = bundle.exports;
  // esbuild's annotation leaves `default` out; read the entry itself for it.
  if (parts.exportName === "default" && bundle.entryFormat !== "cjs") exports = moduleExportsOf(code.entry, packageRoot(code.entry), () => bundle.exports);
  if (!isMissing(exports, parts.exportName)) return [];
  return [`handler: must be ${exportRule(`the bundle of ${shown(input.source.value)}`, exports)}; received ${JSON.stringify(input.handler)}`];
}

function directoryProblem(code: Extract<PackageCode, { kind: "directory" }>, input: HandlerCheckInput): string | undefined {
  if (input.runtime.startsWith("nodejs")) return nodeDirectoryProblem(code, input);
  if (input.runtime.startsWith("python")) return pythonDirectoryProblem(code, input);
  return undefined;
}

function nodeDirectoryProblem(code: Extract<PackageCode, { kind: "directory" }>, input: HandlerCheckInput): string | undefined {
  const parts = nodeHandlerParts(input.handler);
  if (!parts) return "<file>.<export>, e.g. index.handler (the file's path in codeDirectory without its extension, then the export)";
  const file = ["", ".js", ".mjs", ".cjs"].map((ext) => `${parts.module}${ext}`).find((f) => code.files.has(f));
  if (file === undefined) {
    const prefix = `${parts.module}/`;
    const inside = [...code.files.keys()].some((f) => f.startsWith(prefix) || f.startsWith(`node_modules/${prefix}`));
    if (inside || input.hasLayers) return undefined; // a folder or a package: Node resolves it, not checked further
    const found = [...code.files.keys()].filter((f) => /\.[cm]?js$/.test(f));
    return `a file of codeDirectory ${shown(input.source.value)}: ${parts.module}.js, .mjs or .cjs is not there (JavaScript files there: ${listed(found)})`;
  }
  const exports = fileExports(code, file);
  if (!isMissing(exports, parts.exportName)) return undefined;
  return exportRule(`${file} in codeDirectory ${shown(input.source.value)}`, exports);
}

function pythonDirectoryProblem(code: Extract<PackageCode, { kind: "directory" }>, input: HandlerCheckInput): string | undefined {
  const dot = input.handler.lastIndexOf(".");
  if (dot <= 0) return "<module>.<function>, e.g. app.handler";
  const module = input.handler.slice(0, dot).replace(/\//g, ".").split(".").join("/");
  if (code.files.has(`${module}.py`) || code.files.has(`${module}/__init__.py`) || input.hasLayers) return undefined;
  const found = [...code.files.keys()].filter((f) => f.endsWith(".py"));
  return `a module of codeDirectory ${shown(input.source.value)}: ${module}.py is not there (Python files there: ${listed(found)})`;
}

/** The exports of a JavaScript file of the folder: Node's lexer for CommonJS, esbuild for an ES module. */
function fileExports(code: Extract<PackageCode, { kind: "directory" }>, file: string): ModuleExports {
  const commonJs = () => commonJsExports(folderModule(code, file));
  if (file.endsWith(".cjs") || (!file.endsWith(".mjs") && isCommonJs(text(code, file)))) return commonJs();
  return moduleExportsOf(resolve(code.directory, file), code.directory, commonJs);
}

function folderModule(code: Extract<PackageCode, { kind: "directory" }>, file: string): CommonJsModule {
  return {
    source: text(code, file),
    reexported: (specifier) => {
      if (!specifier.startsWith(".")) return undefined;
      const base = resolve("/", file, "..", specifier).slice(1);
      const target = [base, `${base}.js`, `${base}.cjs`, `${base}/index.js`].find((f) => code.files.has(f));
      return target === undefined ? undefined : folderModule(code, target);
    },
  };
}

function text(code: Extract<PackageCode, { kind: "directory" }>, file: string): string {
  return Buffer.from(code.files.get(file)!).toString("utf8");
}

/** A path as the user reads it: relative to the working directory when under it. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return isAbsolute(path) && rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}

function isMissing(exports: ModuleExports, name: string): boolean {
  return !exports.names.includes(name) && exports.complete;
}

function exportRule(where: string, exports: ModuleExports): string {
  return `an export of ${where} (exports found: ${exports.names.length > 0 ? listed(exports.names) : "none"})`;
}

function listed(names: readonly string[]): string {
  if (names.length === 0) return "none";
  const shown = names.slice(0, LISTED).join(", ");
  return names.length > LISTED ? `${shown}, +${names.length - LISTED} more` : shown;
}
