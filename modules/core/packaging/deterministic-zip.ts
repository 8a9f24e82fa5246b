import { createHash } from "node:crypto";
import type { Zippable } from "fflate";
import { loadFile, storeFile } from "./build-cache";

/** One file to put in a zip: its path inside the archive (forward slashes) and bytes. */
export interface ZipEntry {
  readonly path: string;
  readonly data: Uint8Array;
  /** Whether the file keeps an executable bit (bootstrap scripts, native binaries). */
  readonly executable?: boolean;
}

/** A zip built in memory, with the hashes Terraform and reviewers need. */
export interface ZipArchive {
  readonly bytes: Uint8Array;
  /** base64 SHA-256 of the bytes: what Lambda reports as `CodeSha256`, and so `source_code_hash`. */
  readonly sha256Base64: string;
  /** hex SHA-256 of the bytes: used to name the file on disk. */
  readonly sha256Hex: string;
}

// Local-time components of the zip epoch; zip stores local time, so building the date from local
// components gives the same bytes in every time zone.
const ZIP_EPOCH = new Date(1980, 0, 1, 0, 0, 0);
const UNIX = 3;
const FILE_MODE = 0o100644;
const EXECUTABLE_MODE = 0o100755;

/**
 * Zips entries so that the same entries give the same bytes on any machine: entries sorted by
 * path, a fixed timestamp, fixed Unix modes, a fixed compression level, no extra fields.
 *
 * With `cacheRoot` (a package root), the zip is also kept on disk, in its node_modules/.cache (see
 * ./build-cache.js), under the digest of the entries: a later synth of the same entries reads the
 * bytes instead of compressing them again. The bytes depend on the entries alone.
 */
export function deterministicZip(entries: readonly ZipEntry[], cacheRoot?: string): ZipArchive {
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const key = contentKey(sorted);
  const known = recent.get(key);
  if (known) return known;
  const kept = cacheRoot === undefined ? undefined : loadFile(cacheRoot, ZIP_CACHE, `${key}.zip`);
  const archive = kept ? archiveOf(new Uint8Array(kept)) : zip(sorted);
  if (cacheRoot !== undefined && !kept) storeFile(cacheRoot, ZIP_CACHE, `${key}.zip`, archive.bytes);
  recent.set(key, archive);
  if (recent.size > RECENT) recent.delete(recent.keys().next().value!);
  return archive;
}

const ZIP_CACHE = "zips";

/**
 * Zips of the same entries made earlier in this process (a layer that every stack of an app ships,
 * an app synthesized twice): compressing is most of the cost of a zip, and the bytes depend on the
 * entries alone. The newest RECENT are kept.
 */
const recent = new Map<string, ZipArchive>();
const RECENT = 64;

/** A digest of the sorted entries: paths, modes and bytes. */
function contentKey(sorted: readonly ZipEntry[]): string {
  const hash = createHash("sha256");
  for (const entry of sorted) {
    hash.update(`${entry.path.length}:${entry.path}:${entry.executable ? 1 : 0}:${entry.data.length}:`);
    hash.update(entry.data);
  }
  return hash.digest("hex");
}

function zip(sorted: readonly ZipEntry[]): ZipArchive {
  const files: Zippable = {};
  // A Set, not `path in files`: `in` also sees Object.prototype, so a file named `constructor`
  // or `toString` would be reported as a duplicate.
  const seen = new Set<string>();
  for (const entry of sorted) {
    if (seen.has(entry.path)) throw new Error(`zip entry ${entry.path} appears twice`);
    seen.add(entry.path);
    files[entry.path] = [
      entry.data,
      { mtime: ZIP_EPOCH, os: UNIX, attrs: (entry.executable ? EXECUTABLE_MODE : FILE_MODE) * 0x10000, level: 6 },
    ];
  }
  // Loaded here, when something is compressed: a synth whose zips are all kept does without it.
  const { zipSync } = require("fflate") as typeof import("fflate");
  return archiveOf(zipSync(files));
}

function archiveOf(bytes: Uint8Array): ZipArchive {
  const digest = createHash("sha256").update(bytes).digest();
  return { bytes, sha256Base64: digest.toString("base64"), sha256Hex: digest.toString("hex") };
}
