import { cidrContains } from "../cidr";

/**
 * Which conditions of an IAM statement really restrict it. A condition that only looks restrictive
 * is judged as no condition:
 * - a negative or existence operator (`StringNotEquals`, `Null`) names no value the key must have;
 * - `...IfExists` holds when the key is absent from the request;
 * - `ForAllValues:` holds when the key is absent or empty (AWS: "ForAllValues ... returns true if
 *   there are no context keys in the request"), unless the statement also requires the key with
 *   `Null: { key: "false" }`;
 * - a value that is only wildcards (`"*"`) matches everything;
 * - a value only Terraform knows (`${var.x}`, `${local.x}`, a function) could be anything: the
 *   caller says which values it cannot read (`opaque`).
 * On top of that, `pinsCaller` asks the values of a caller key to name one account, organization,
 * principal, resource or network: `aws:SourceArn "arn:aws:*"` or `aws:SourceAccount "*1"` pin nobody.
 *
 * Sources: IAM User Guide, "IAM JSON policy elements: Condition operators" (`...IfExists`, `Null`),
 * "Single-valued vs. multivalued context keys" (`ForAllValues` with a missing key) and "AWS global
 * condition context keys".
 */

/** A condition, one operator and one key: `{ test: "StringEquals", variable: "aws:SourceAccount", values: ["111111111111"] }`. */
export interface Condition {
  readonly test: string;
  readonly variable: string;
  readonly values: readonly unknown[];
}

/** How the caller reads values. */
export interface ConditionReading {
  /** True for a value only known when Terraform runs (a variable, a local, a function call). @default none */
  readonly opaque?: (value: string) => boolean;
}

/** A condition judged as no condition, and why. */
export interface IgnoredCondition {
  readonly condition: Condition;
  readonly why: string;
}

/** Operators that hold only for the values named. */
const NAMING_OPERATOR = /^(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike|IpAddress)$/i;
const OPERATOR = /^(?:(ForAllValues|ForAnyValue):)?(.*?)(IfExists)?$/i;
/** An IAM policy variable as the synthesized configuration writes it: `&{aws:username}` in a policy document, `$${aws:username}` in literal JSON. */
const POLICY_VARIABLE = /(?:&|\$\$)\{([^}]*)\}/g;
const HAS_POLICY_VARIABLE = /(?:&|\$\$)\{[^}]*\}/;

/** Splits the conditions into those that restrict and those judged as no condition (with why). */
export function judgeConditions(conditions: readonly Condition[], reading: ConditionReading = {}): { restricting: Condition[]; ignored: IgnoredCondition[] } {
  const restricting: Condition[] = [];
  const ignored: IgnoredCondition[] = [];
  for (const c of conditions) {
    const why = whyNotRestricting(c, conditions, reading);
    if (why) ignored.push({ condition: c, why });
    else restricting.push(c);
  }
  return { restricting, ignored };
}

function whyNotRestricting(c: Condition, all: readonly Condition[], reading: ConditionReading): string | undefined {
  if (typeof c.test !== "string" || typeof c.variable !== "string") return "it is not a readable condition";
  const [, set, base, ifExists] = OPERATOR.exec(c.test) ?? [];
  if (!NAMING_OPERATOR.test(base ?? "")) return `${c.test} names no value the key must have`;
  if (ifExists) return `${c.test} holds when ${c.variable} is absent from the request`;
  if (set?.toLowerCase() === "forallvalues" && !requiresKey(all, c.variable)) {
    return `${c.test} holds when ${c.variable} is absent from the request (add Null { ${c.variable}: false })`;
  }
  if (!Array.isArray(c.values) || c.values.length === 0) return "it lists no value";
  const values = c.values.map(String);
  const opaque = values.filter((v) => reading.opaque?.(v));
  if (opaque.length > 0) return `${opaque.join(", ")} is only known when Terraform runs`;
  if (values.some((v) => v === "" || /^[*?]+$/.test(v))) return `${values.filter((v) => v === "" || /^[*?]+$/.test(v)).map((v) => JSON.stringify(v)).join(", ")} matches every value`;
  return undefined;
}

/** True when the statement also says the key must be present (`Null: { key: "false" }`). */
function requiresKey(conditions: readonly Condition[], key: string): boolean {
  return conditions.some(
    (c) => /^Null$/i.test(c.test) && c.variable.toLowerCase() === key.toLowerCase() && c.values.length > 0 && c.values.every((v) => String(v).toLowerCase() === "false"),
  );
}

/**
 * Condition keys that pin who may use a statement granted to `"*"`: the calling account,
 * organization, principal, source resource or network. `aws:SecureTransport` and the like say how,
 * not who, and do not count.
 */
export const CALLER_KEYS: readonly string[] = [
  "aws:SourceArn",
  "aws:SourceAccount",
  "aws:SourceOwner",
  "aws:SourceOrgID",
  "aws:SourceOrgPaths",
  "aws:PrincipalArn",
  "aws:PrincipalAccount",
  "aws:PrincipalOrgID",
  "aws:PrincipalOrgPaths",
  "aws:PrincipalServiceName",
  "aws:SourceVpc",
  "aws:SourceVpce",
  "aws:SourceIp",
  "aws:userid",
  "aws:username",
  "kms:CallerAccount",
  "lambda:FunctionArn",
];
const CALLER = new Set(CALLER_KEYS.map((k) => k.toLowerCase()));
const ARN_KEYS = new Set(["aws:sourcearn", "aws:principalarn", "lambda:functionarn"]);
const ORG_PATH_KEYS = new Set(["aws:sourceorgpaths", "aws:principalorgpaths"]);
/** Policy variables about the resource's own side: fixed values, unlike the request's (`aws:PrincipalAccount`). */
const RESOURCE_SIDE_VARIABLES = new Set(["aws:resourceaccount", "aws:resourceorgid", "aws:resourceorgpaths"]);

/** What `pinsCaller` needs besides `ConditionReading`. */
export interface CallerReading extends ConditionReading {
  /** The CIDRs of a list that together cover every address of a family (`0.0.0.0/0`, `0.0.0.0/1` + `128.0.0.0/1`). */
  readonly openCidrs: (cidrs: readonly string[]) => readonly string[];
}

/**
 * Whether one condition pins the caller of a statement granted to everyone (`Principal "*"`) to
 * named accounts, organizations, principals, resources or networks; `ignored` says why the others
 * on caller keys did not count.
 */
export function pinsCaller(conditions: readonly Condition[], reading: CallerReading): { pins: boolean; ignored: IgnoredCondition[] } {
  const { restricting, ignored } = judgeConditions(conditions, reading);
  const onCallerKeys = ignored.filter((i) => CALLER.has(String(i.condition.variable).toLowerCase()));
  for (const c of restricting) {
    const key = c.variable.toLowerCase();
    if (!CALLER.has(key)) continue;
    const why = whyNotPinning(key, c.values.map(String), reading);
    if (why === undefined) return { pins: true, ignored: onCallerKeys };
    onCallerKeys.push({ condition: c, why });
  }
  return { pins: false, ignored: onCallerKeys };
}

function whyNotPinning(key: string, values: readonly string[], reading: CallerReading): string | undefined {
  const variables = values.flatMap((v) => [...v.matchAll(POLICY_VARIABLE)].map((m) => m[1])).filter((name) => !RESOURCE_SIDE_VARIABLES.has(name.toLowerCase()));
  if (variables.length > 0) return `${variables.map((n) => `\${${n}}`).join(", ")} is taken from the request itself`;
  if (key === "aws:sourceip") {
    const open = reading.openCidrs(values);
    return open.length > 0 ? `${open.join(", ")} is every address` : undefined;
  }
  const loose = values.filter((v) => !valuePins(key, v));
  return loose.length > 0 ? `${loose.map((v) => JSON.stringify(v)).join(", ")} names no one account, organization, principal or resource` : undefined;
}

function valuePins(key: string, value: string): boolean {
  // A reference to a resource of the stack is one exact value.
  const literal = value.replace(/\$\{[^}]*\}/g, "REF");
  if (ARN_KEYS.has(key)) {
    if (/^REF$/.test(literal)) return true;
    const segments = literal.split(":");
    if (segments[0] !== "arn" || segments.length < 6) return false;
    const account = segments[4];
    if (account !== "") return !/[*?]/.test(account);
    // Account-less ARNs (S3): the bucket, the first part of the resource, must be named.
    const first = segments.slice(5).join(":").split("/")[0];
    return first !== "" && !/[*?]/.test(first);
  }
  if (ORG_PATH_KEYS.has(key)) return !/[*?]/.test(literal.split("/")[0]) && literal.split("/")[0] !== "";
  return !/[*?]/.test(literal);
}

/**
 * The values one restricting condition gives `key` when they name the values exactly (no wildcard,
 * no policy variable): `iam:PassedToService` must be a named service, not `*.amazonaws.com`.
 * Undefined when no condition restricts the key that way; `ignored` says why.
 */
export function exactValuesOf(conditions: readonly Condition[], key: string, reading: ConditionReading = {}): { values?: string[]; ignored: IgnoredCondition[] } {
  const { restricting, ignored } = judgeConditions(conditions, reading);
  const lower = key.toLowerCase();
  const onKey = ignored.filter((i) => String(i.condition.variable).toLowerCase() === lower);
  for (const c of restricting) {
    if (c.variable.toLowerCase() !== lower) continue;
    if (!/^(ForAnyValue:|ForAllValues:)?(StringEquals|StringEqualsIgnoreCase|StringLike)$/i.test(c.test)) {
      onKey.push({ condition: c, why: `${c.test} does not compare ${key} as text` });
      continue;
    }
    const values = c.values.map(String);
    const loose = values.filter((v) => /[*?]/.test(v) || HAS_POLICY_VARIABLE.test(v));
    if (loose.length > 0) {
      onKey.push({ condition: c, why: `${loose.map((v) => JSON.stringify(v)).join(", ")} is not one named value` });
      continue;
    }
    return { values, ignored: onKey };
  }
  return { ignored: onKey };
}

/** `StringEquals aws:SourceAccount ["1"]` as text for findings and errors. */
export function showCondition(c: Condition): string {
  return `${c.test} ${c.variable} ${JSON.stringify(c.values.length === 1 ? c.values[0] : c.values)}`;
}

/**
 * Whether a statement with conditions `wide` applies to every request a statement with conditions
 * `narrow` applies to (conditions as AWS evaluates them, one entry per operator and key, as the
 * provider merges `condition` blocks: operators and keys ANDed, values of one key ORed, values of a
 * negated operator NORed). Each condition of `wide` must be implied by one of `narrow` on the same
 * key: the same operator with fewer accepted values (more excluded values for a negated operator;
 * wildcards for `*Like`/`Arn*`, CIDR containment for `IpAddress`), or `wide` being the `IfExists`
 * form of `narrow`'s operator. Set operators (`ForAllValues:`/`ForAnyValue:`) and ordered
 * comparisons (`NumericLessThan`...) must match exactly. This is a comparison of two condition sets
 * (does a change widen?), not `judgeConditions`' question (does a condition restrict at all?): a
 * condition that restricts nothing in `wide` still has to be met by `narrow`, since
 * `StringEqualsIfExists k = a` does not allow `k = b`.
 */
export function conditionsCover(wide: readonly Condition[], narrow: readonly Condition[]): boolean {
  return wide.every((w) => narrow.some((n) => implies(n, w)));
}

function implies(n: Condition, w: Condition): boolean {
  if (n.variable.toLowerCase() !== w.variable.toLowerCase()) return false;
  const sameOperator = n.test === w.test || w.test === `${n.test}IfExists`;
  if (!sameOperator) return false;
  const operator = n.test.replace(/IfExists$/, "");
  const nv = n.values.map(String);
  const wv = w.values.map(String);
  if (/^For(All|Any)Value:/.test(operator)) return sameValues(nv, wv);
  if (/Not/.test(operator)) return wv.every((v) => nv.includes(v));
  const match = valueMatcher(operator);
  if (!match) return sameValues(nv, wv);
  return nv.every((x) => wv.some((y) => match(y, x)));
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
      return (w, n) => w === n || wildcardMatches(w, n);
    case "IpAddress":
      return (w, n) => w === n || cidrContains(w, n);
    default:
      return undefined;
  }
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v) => b.includes(v));
}

/** IAM's wildcards: `*` any run of characters, `?` one character; case-sensitive unless asked. */
export function wildcardMatches(pattern: string, value: string, ignoreCase = false): boolean {
  if (pattern === value || pattern === "*") return true;
  if (!pattern.includes("*") && !pattern.includes("?")) return ignoreCase && pattern.toLowerCase() === value.toLowerCase();
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${source}$`, ignoreCase ? "is" : "s").test(value);
}

/** `StringEquals aws:SourceAccount = 111111111111, 222222222222`: a condition as the review shows it (values sorted). */
export function conditionText(c: Condition): string {
  return `${c.test} ${c.variable} = ${c.values.map(String).sort().join(", ")}`;
}
