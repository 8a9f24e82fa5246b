import type { Construct, IConstruct } from "constructs";
import { basename, relative, resolve } from "node:path";
import { bundleEntries, bundleEntry, packageRoot, type Bundle } from "../core/packaging/bundle";
import { deterministicZip, type ZipArchive } from "../core/packaging/deterministic-zip";
import { PackageStore } from "../core/packaging/package-store";
import { DirectoryReadError, readDirectoryEntries, type DirectoryPatterns } from "../core/packaging/read-directory";
import { ValidationError } from "../core/validation";

/** A zip registered with the stack's package store. */
export interface FunctionPackage {
  /** Path of the zip relative to the stack's working directory (Terraform's `filename`). */
  readonly filename: string;
  /** base64 SHA-256 of the zip: Lambda's `source_code_hash`. */
  readonly sourceCodeHash: string;
  /** Size of the zip in bytes. */
  readonly size: number;
  /** What the zip holds, for the check that a handler names an export of it (handler-export.ts). */
  readonly code: PackageCode;
}

/** The code of a package: a bundled entry (bundled on first use, with the app's other entries) or a folder's files. */
export type PackageCode =
  | { readonly kind: "entry"; readonly entry: string; readonly bundle: () => Bundle }
  | { readonly kind: "directory"; readonly directory: string; readonly files: ReadonlyMap<string, Uint8Array> };

interface EntryRequest {
  readonly entry: string;
  readonly target: string;
  readonly externalModules: readonly string[];
  /** Construct paths of the functions that use this entry, for error messages. */
  readonly users: string[];
  archive?: ZipArchive;
  bundle?: Bundle;
}

// Entries waiting to be bundled, per app: all of an app's entries are bundled together, by one
// esbuild process, the first time any of their zips is needed (at the latest when the first stack
// is written). An entry used by several functions is bundled once. A later app in the same process
// (tests, watch mode, a review that synths twice) bundles again and so sees edits to the sources.
const entriesByApp = new WeakMap<IConstruct, Map<string, EntryRequest>>();

/**
 * Registers `entry` to be bundled into a zip holding `index.js`. Reading the returned package's
 * fields builds it (and every other entry of the app waiting to be bundled) if that has not happened yet.
 */
export function packageEntry(scope: Construct, entry: string, target: string, externalModules: readonly string[]): FunctionPackage {
  const file = resolve(entry);
  const key = JSON.stringify([file, target, externalModules]);
  const root = scope.node.root;
  let entries = entriesByApp.get(root);
  if (!entries) {
    entries = new Map();
    entriesByApp.set(root, entries);
  }
  let request = entries.get(key);
  if (!request) {
    request = { entry: file, target, externalModules, users: [] };
    entries.set(key, request);
  }
  request.users.push(scope.node.path);
  const archive = (): ZipArchive => {
    if (!request.archive) bundlePending(entries);
    return request.archive!;
  };
  const label = labelOf(relative(packageRoot(file), file));
  PackageStore.of(scope).addLater(label, archive);
  const bundle = (): Bundle => {
    if (!request.bundle) bundlePending(entries);
    return request.bundle!;
  };
  return lazyPackage(label, archive, { kind: "entry", entry: file, bundle });
}

/**
 * Zips a folder as it is, less what `readDirectoryEntries` leaves out by default or by `patterns`.
 * A link out of the folder, a dangling link or a loop is refused as a problem of `prop` of the
 * construct (`kind`: "ServerlessFunction props").
 */
export function packageDirectory(
  scope: Construct,
  directory: string,
  patterns: DirectoryPatterns = {},
  where: { kind: string; prop: string } = { kind: "props", prop: "directory" },
): FunctionPackage {
  let entries;
  try {
    entries = readDirectoryEntries(resolve(directory), "", patterns);
  } catch (e) {
    if (!(e instanceof DirectoryReadError)) throw e;
    throw new ValidationError(
      where.kind,
      e.problems.map((p) => ({ path: scope.node.path, prop: `${where.prop} (${p.path})`, rule: p.rule, received: directory })),
    );
  }
  const archive = deterministicZip(entries, packageRoot(resolve(directory)));
  const label = labelOf(basename(resolve(directory)));
  PackageStore.of(scope).add(label, archive);
  const files = new Map(entries.map((e) => [e.path, e.data]));
  return lazyPackage(label, () => archive, { kind: "directory", directory: resolve(directory), files });
}

function bundlePending(entries: Map<string, EntryRequest>): void {
  const pending = [...entries.values()].filter((r) => !r.archive);
  let bundles;
  try {
    bundles = bundleEntries(pending);
  } catch {
    // One broken entry fails its whole esbuild run: bundle them one by one to say which.
    throw bundlingError(pending);
  }
  pending.forEach((r, i) => {
    r.bundle = bundles[i];
    r.archive = deterministicZip([{ path: "index.js", data: bundles[i].code }], packageRoot(r.entry));
  });
}

function bundlingError(requests: readonly EntryRequest[]): Error {
  const problems = requests.flatMap((r) => {
    try {
      bundleEntry(r);
      return [];
    } catch (e) {
      const message = (e as { errors?: { text: string; location?: { file: string; line: number } | null }[] }).errors
        ?.map((m) => (m.location ? `${m.location.file}:${m.location.line}: ${m.text}` : m.text))
        .join("; ");
      return r.users.map((path) => ({ path, prop: "entry", rule: "a file esbuild can bundle", received: `${r.entry} (${message ?? String(e)})` }));
    }
  });
  return problems.length > 0 ? new ValidationError("ServerlessFunction props", problems) : new Error("esbuild failed to bundle the app's entries");
}

/** A package whose fields are read (and so built) only when needed. */
function lazyPackage(label: string, archive: () => ZipArchive, code: PackageCode): FunctionPackage {
  return Object.defineProperties({} as FunctionPackage, {
    filename: { enumerable: true, get: () => PackageStore.pathOf(label, archive()) },
    sourceCodeHash: { enumerable: true, get: () => archive().sha256Base64 },
    size: { enumerable: true, get: () => archive().bytes.length },
    code: { enumerable: false, value: code },
  });
}

/** A file-name-safe label from a path: `lambda-src/users/index.ts` -> `lambda-src-users-index`. */
function labelOf(path: string): string {
  return path.replace(/\.[^./\\]+$/, "").replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "package";
}
