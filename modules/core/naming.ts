import { createHash } from "node:crypto";

/** First `length` hex characters of the SHA-256 of `text`: stable on every machine. */
export function shortHash(text: string, length = 8): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/**
 * `<base><suffix>` when it fits in `max` characters; otherwise the base is cut and a hash of the
 * full name keeps it unique (IAM role names stop at 64, SQS names at 80, and so on).
 */
export function boundedName(base: string, suffix: string, max: number): string {
  const full = `${base}${suffix}`;
  if (full.length <= max) return full;
  const hash = shortHash(full);
  const room = max - suffix.length - hash.length - 1;
  return `${base.slice(0, Math.max(room, 1))}-${hash}${suffix}`.slice(0, max);
}

/** `<project>-<env>-<name>`: the naming scheme the shipped stacks use for everything they create. */
export function resourceName(project: string, environment: string, name: string): string {
  return `${project}-${environment}-${name}`;
}
