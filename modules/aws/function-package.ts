import type { Construct, IConstruct } from "constructs";
import { basename, relative, resolve } from "node:path";
import { bundleEntry, packageRoot } from "../core/packaging/bundle";
import { deterministicZip, type ZipArchive } from "../core/packaging/deterministic-zip";
import { PackageStore } from "../core/packaging/package-store";
import { readDirectoryEntries } from "../core/packaging/read-directory";

/** A zip registered with the stack's package store. */
export interface FunctionPackage {
  /** Path of the zip relative to the stack's working directory (Terraform's `filename`). */
  readonly filename: string;
  /** base64 SHA-256 of the zip: Lambda's `source_code_hash`. */
  readonly sourceCodeHash: string;
  /** Size of the zip in bytes. */
  readonly size: number;
}

// Bundles already made, per app: an entry used by several functions of one app is bundled once,
// while a later app in the same process (tests, watch mode, a review that synths twice) bundles
// again and so sees edits made to the sources in between.
const entryZipsByApp = new WeakMap<IConstruct, Map<string, ZipArchive>>();

/** Bundles `entry` into a zip holding `index.js`; an entry used by several functions is bundled once. */
export function packageEntry(scope: Construct, entry: string, target: string, externalModules: readonly string[]): FunctionPackage {
  const file = resolve(entry);
  const key = JSON.stringify([file, target, externalModules]);
  const root = scope.node.root;
  let entryZips = entryZipsByApp.get(root);
  if (!entryZips) {
    entryZips = new Map();
    entryZipsByApp.set(root, entryZips);
  }
  let archive = entryZips.get(key);
  if (!archive) {
    const bundle = bundleEntry({ entry: file, target, externalModules });
    archive = deterministicZip([{ path: "index.js", data: bundle.code }]);
    entryZips.set(key, archive);
  }
  return register(scope, labelOf(relative(packageRoot(file), file)), archive);
}

/** Zips a folder as it is. */
export function packageDirectory(scope: Construct, directory: string): FunctionPackage {
  const archive = deterministicZip(readDirectoryEntries(resolve(directory)));
  return register(scope, labelOf(basename(resolve(directory))), archive);
}

function register(scope: Construct, label: string, archive: ZipArchive): FunctionPackage {
  const filename = PackageStore.of(scope).add(label, archive);
  return { filename, sourceCodeHash: archive.sha256Base64, size: archive.bytes.length };
}

/** A file-name-safe label from a path: `lambda-src/users/index.ts` -> `lambda-src-users-index`. */
function labelOf(path: string): string {
  return path.replace(/\.[^./\\]+$/, "").replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "package";
}
