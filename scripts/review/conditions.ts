import { cidrContains } from "../../modules/core/cidr";
import { compareText } from "./synth-output";

/** One condition of a statement: an operator, a context key and the values it accepts. */
export interface ConditionBlock {
  readonly test: string;
  readonly variable: string;
  readonly values: readonly string[];
}

/**
 * The conditions of a statement as AWS evaluates them. Several `condition` blocks of one
 * `aws_iam_policy_document` statement with the same `test` and `variable` become ONE JSON entry
 * whose values are merged (hashicorp/terraform-provider-aws#33093, since provider 5.14): AWS then
 * ORs those values. So two blocks `StringEquals aws:SourceAccount = A` and `= B` allow either
 * account; they are not an AND of both. Different operators or keys stay separate and are ANDed.
 */
export function mergeConditions(blocks: readonly ConditionBlock[]): ConditionBlock[] {
  const merged = new Map<string, { test: string; variable: string; values: Set<string> }>();
  for (const b of blocks) {
    const key = `${b.test}\u0000${b.variable}`;
    const entry = merged.get(key) ?? { test: b.test, variable: b.variable, values: new Set<string>() };
    for (const v of b.values) entry.values.add(v);
    merged.set(key, entry);
  }
  return [...merged.values()]
    .map((e) => ({ test: e.test, variable: e.variable, values: [...e.values].sort(compareText) }))
    .sort((a, b) => compareText(a.test, b.test) || compareText(a.variable, b.variable));
}

/** `StringEquals aws:SourceAccount = 111111111111, 222222222222`: how the report shows one. */
export function conditionText(c: ConditionBlock): string {
  return `${c.test} ${c.variable} = ${c.values.join(", ")}`;
}

/**
 * Whether a statement with conditions `wide` applies to every request a statement with
 * conditions `narrow` applies to (AWS semantics: operators and keys ANDed, values of one key ORed,
 * values of a negated operator NORed). Each condition of `wide` must be implied by one of `narrow`
 * on the same key: same operator with fewer accepted values (more excluded values for a negated
 * operator; wildcards for `*Like`/`Arn*`, CIDR containment for `IpAddress`), or `wide` being the
 * `IfExists` form of `narrow`'s operator. Set operators (`ForAllValues:`/`ForAnyValue:`) and ordered
 * comparisons (`NumericLessThan`...) must match exactly.
 */
export function conditionsCover(wide: readonly ConditionBlock[], narrow: readonly ConditionBlock[]): boolean {
  return wide.every((w) => narrow.some((n) => implies(n, w)));
}

function implies(n: ConditionBlock, w: ConditionBlock): boolean {
  if (n.variable.toLowerCase() !== w.variable.toLowerCase()) return false;
  const sameOperator = n.test === w.test || w.test === `${n.test}IfExists`;
  if (!sameOperator) return false;
  const operator = n.test.replace(/IfExists$/, "");
  if (/^For(All|Any)Value:/.test(operator)) return sameValues(n.values, w.values);
  if (/Not/.test(operator)) return w.values.every((v) => n.values.includes(v));
  const match = valueMatcher(operator);
  if (!match) return sameValues(n.values, w.values);
  return n.values.every((nv) => w.values.some((wv) => match(wv, nv)));
}

function valueMatcher(operator: string): ((wide: string, narrow: string) => boolean) | undefined {
  switch (operator) {
    case "StringEquals":
    case "ArnEquals":
    case "Bool":
    case "Null":
    case "NumericEquals":
    case "DateEquals":
    case "BinaryEquals":
      return (w, n) => w === n;
    case "StringEqualsIgnoreCase":
      return (w, n) => w.toLowerCase() === n.toLowerCase();
    case "StringLike":
    case "ArnLike":
      return (w, n) => w === n || globLike(w, n);
    case "IpAddress":
      return (w, n) => w === n || cidrContains(w, n);
    default:
      return undefined;
  }
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v) => b.includes(v));
}

/** `wide` as an IAM wildcard pattern matches the text of `narrow` (a narrower pattern matches literally). */
function globLike(wide: string, narrow: string): boolean {
  const source = wide.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${source}$`, "s").test(narrow);
}
