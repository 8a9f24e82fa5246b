import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve, sep } from "node:path";
import { unzipSync } from "fflate";

/**
 * Reads a zip the way Terraform uploads it: refused when its SHA-256 is not the `source_code_hash`
 * the stack declares (a stale or edited zip is not what would be deployed).
 */
export function readPackage(ref: PackageRef): Uint8Array {
  let bytes: Buffer;
  try {
    bytes = readFileSync(ref.file);
  } catch (error) {
    throw new Error(`${ref.what}: cannot read ${ref.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const actual = createHash("sha256").update(bytes).digest("base64");
  if (ref.sourceCodeHash === undefined) throw new Error(`${ref.what}: ${ref.file} has no source_code_hash in the stack; Terraform would not notice a change to it`);
  if (actual !== ref.sourceCodeHash) {
    throw new Error(`${ref.what}: ${ref.file} has SHA-256 ${actual} but the stack's source_code_hash is ${ref.sourceCodeHash}: synthesize again`);
  }
  return bytes;
}

/**
 * Extracts a zip into `dir` (over what is there, as Lambda layers one over the other), refusing
 * entries that would land outside it. Node.js handlers need no file modes, so none are restored.
 */
export function extractZip(bytes: Uint8Array, dir: string, what: string): void {
  const root = resolve(dir);
  mkdirSync(root, { recursive: true });
  const files = unzipSync(bytes);
  for (const [name, content] of Object.entries(files)) {
    const target = resolve(root, name);
    if (target !== root && !target.startsWith(root + sep)) throw new Error(`${what}: entry ${name} would be extracted outside its folder`);
    if (name.endsWith("/")) {
      mkdirSync(target, { recursive: true });
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}

/** A zip the stack ships, with the hash Terraform compares it to. */
export interface PackageRef {
  readonly file: string;
  /** `source_code_hash`: base64 SHA-256 of the zip. */
  readonly sourceCodeHash?: string;
  readonly what: string;
}

