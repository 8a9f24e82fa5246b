/**
 * The house's one reader of Terraform JSON's "a block or a list of blocks": cdktf (and Terraform
 * JSON in general) writes a nested block that appears once as an object and a repeated one as a
 * list, and an attribute that takes a list may hold one value. Every tool reads them through here.
 */

/** A Terraform JSON object: a block's arguments, or a nested block. */
export type Config = Readonly<Record<string, unknown>>;

/** True for a plain object (not a list, not null). */
export function isObject(value: unknown): value is Config {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Every object of a block (an object, or a list of objects; anything else is no block). */
export function blocks(value: unknown): Config[] {
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

/** The first object of a block (object or list of objects), or undefined. */
export function block(value: unknown): Config | undefined {
  return blocks(value)[0];
}

/** The values of a list attribute (a single value counts as a list of one; unset is none). */
export function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The strings of a list attribute (other values left out). */
export function strings(value: unknown): string[] {
  return list(value).filter((v): v is string => typeof v === "string");
}

/** Follows a dotted path through nested blocks (`rule.apply_server_side_encryption_by_default.sse_algorithm`), first object of each list. */
export function dig(config: Config | undefined, path: string): unknown {
  let current: unknown = config;
  for (const key of path.split(".")) {
    const next = block(current);
    if (!next) return undefined;
    current = next[key];
  }
  return current;
}

/** A copy without the `"//"` keys cdktf adds for metadata, at every level. */
export function stripMetadata<T>(value: T): T {
  if (Array.isArray(value)) return value.map(stripMetadata) as T;
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== "//") out[k] = stripMetadata(v);
    return out as T;
  }
  return value;
}
