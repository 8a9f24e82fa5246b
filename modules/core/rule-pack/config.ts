/**
 * Small readers for synthesized Terraform config. The "a block or a list of blocks" readers are the
 * model's (modules/core/terraform/blocks.ts), re-exported for the rules.
 */

export type { Config } from "../terraform/blocks";
export { block, blocks, dig, list } from "../terraform/blocks";

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
