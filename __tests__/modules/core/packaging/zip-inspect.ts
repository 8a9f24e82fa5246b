import { strFromU8, unzipSync } from "fflate";

/** What a reviewer (or Lambda) sees of one zip entry, read from the central directory. */
export interface ZipEntryInfo {
  readonly name: string;
  /** Unix mode bits (e.g. 0o644), from the external attributes' upper half. */
  readonly mode: number;
  /** File type bits (0o100000 for a regular file). */
  readonly fileType: number;
  /** Host system of "version made by" (3 = Unix). */
  readonly madeBy: number;
  /** `YYYY-MM-DD hh:mm:ss` decoded from the MS-DOS date and time fields. */
  readonly modified: string;
  /** The same, read from the entry's local header. */
  readonly localModified: string;
  readonly centralExtraLength: number;
  readonly localExtraLength: number;
  /** 0 = stored, 8 = deflated. */
  readonly compression: number;
}

/** Reads every entry of the central directory, in archive order. */
export function zipEntries(bytes: Uint8Array): ZipEntryInfo[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = bytes.length - 22;
  while (eocd >= 0 && view.getUint32(eocd, true) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error("no end of central directory record");
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const entries: ZipEntryInfo[] = [];
  for (let i = 0; i < count; i++) {
    if (view.getUint32(at, true) !== 0x02014b50) throw new Error(`bad central directory entry at ${at}`);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const external = view.getUint32(at + 38, true);
    const local = view.getUint32(at + 42, true);
    if (view.getUint32(local, true) !== 0x04034b50) throw new Error(`bad local header at ${local}`);
    entries.push({
      name: strFromU8(bytes.subarray(at + 46, at + 46 + nameLength)),
      mode: (external >>> 16) & 0o7777,
      fileType: (external >>> 16) & 0o170000,
      madeBy: view.getUint8(at + 5),
      modified: dosDateTime(view.getUint16(at + 14, true), view.getUint16(at + 12, true)),
      localModified: dosDateTime(view.getUint16(local + 12, true), view.getUint16(local + 10, true)),
      centralExtraLength: extraLength,
      localExtraLength: view.getUint16(local + 28, true),
      compression: view.getUint16(at + 10, true),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The archive's files as text, by name. */
export function unzipText(bytes: Uint8Array): Record<string, string> {
  const files = unzipSync(bytes);
  return Object.fromEntries(Object.entries(files).map(([name, data]) => [name, strFromU8(data)]));
}

function dosDateTime(date: number, time: number): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  const year = 1980 + (date >>> 9);
  const month = (date >>> 5) & 0x0f;
  const day = date & 0x1f;
  return `${year}-${pad(month)}-${pad(day)} ${pad(time >>> 11)}:${pad((time >>> 5) & 0x3f)}:${pad((time & 0x1f) * 2)}`;
}
