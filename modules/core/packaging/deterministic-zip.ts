import { createHash } from "node:crypto";
import { zipSync, type Zippable } from "fflate";

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
 */
export function deterministicZip(entries: readonly ZipEntry[]): ZipArchive {
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
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
  const bytes = zipSync(files);
  const digest = createHash("sha256").update(bytes).digest();
  return { bytes, sha256Base64: digest.toString("base64"), sha256Hex: digest.toString("hex") };
}
