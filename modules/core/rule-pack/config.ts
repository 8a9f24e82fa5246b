/**
 * Small readers for synthesized Terraform config. cdktf renders a block that may appear once as an
 * object and a repeatable block as a list; these helpers accept both so rules do not care.
 */

export type Config = Readonly<Record<string, unknown>>;

/** The first object of a block (object or list of objects), or undefined. */
export function block(value: unknown): Config | undefined {
  return blocks(value)[0];
}

/** Every object of a block (object or list of objects). */
export function blocks(value: unknown): Config[] {
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

/** Follows a dotted path through nested blocks (`rule.apply_server_side_encryption_by_default.sse_algorithm`), first item of each list. */
export function dig(config: Config | undefined, path: string): unknown {
  let current: unknown = config;
  for (const key of path.split(".")) {
    const next = block(current);
    if (!next) return undefined;
    current = next[key];
  }
  return current;
}

/** Values of a list attribute (a single value counts as a list of one). */
export function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** True for a value Terraform only knows at plan or apply time (`${...}`). */
export function isExpression(value: unknown): boolean {
  return typeof value === "string" && value.includes("${");
}

/** True when an attribute is given at all: not undefined, null or an empty string. */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

/** True for `true`, and for an expression (an unknown value is not a finding). */
export function isTrueOrUnknown(value: unknown): boolean {
  return value === true || value === "true" || isExpression(value);
}

/** True for `false` given literally. */
export function isFalse(value: unknown): boolean {
  return value === false || value === "false";
}

/** A value as it appears in a finding. */
export function show(value: unknown): string {
  if (value === undefined) return "unset";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function isObject(value: unknown): value is Config {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
