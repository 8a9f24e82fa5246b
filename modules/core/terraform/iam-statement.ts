import { blocks, isObject, list, type Config } from "./blocks";

/** A principal entry: `{ type: "Service", identifiers: ["lambda.amazonaws.com"] }`; `Principal: "*"` is `{ type: "*", identifiers: ["*"] }`. */
export interface IamPrincipal {
  readonly type: string;
  readonly identifiers: readonly string[];
}

/** One condition: an operator, a context key and the values it accepts (ORed). */
export interface IamCondition {
  readonly test: string;
  readonly variable: string;
  readonly values: readonly string[];
}

/** Where a statement is written. */
export interface StatementSource {
  /** The block whose configuration holds the statement (a policy, a role, a policy document). */
  readonly address: string;
  /** The argument it is in: `policy`, `inline_policy[0].policy`, `statement[2]`. */
  readonly attribute: string;
  /** The `aws_iam_policy_document` it comes from, when it comes from one. */
  readonly document?: string;
}

/**
 * The house's one IAM statement, whichever form it was written in (a policy document's
 * `statement` block, IAM JSON in an argument, a local, a merged source or override document).
 * Values are text as Terraform JSON writes it: a reference to a resource of the stack stays
 * `${aws_s3_bucket.b.arn}`, an IAM policy variable stays `&{aws:username}` (document) or
 * `$${aws:username}` (JSON).
 */
export interface IamStatement {
  /** Where it is, for messages: `statement[1] (sid "X")`, `policy.Statement[0] (Sid "X")`. */
  readonly label: string;
  readonly sid?: string;
  readonly effect: "Allow" | "Deny";
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  readonly principals: readonly IamPrincipal[];
  readonly notPrincipals: readonly IamPrincipal[];
  /** `notPrincipals.length > 0`. */
  readonly hasNotPrincipals: boolean;
  /** Conditions as AWS evaluates them: blocks with the same operator and key merged into one. */
  readonly conditions: readonly IamCondition[];
  /**
   * How it is written: a policy document's `statement` block (the provider renders its `&{...}` as
   * the IAM policy variable `${...}`) or IAM JSON (where `&{` is literal text).
   */
  readonly syntax: "document" | "json";
  readonly source: StatementSource;
}

/** Text of a list element: strings as they are, numbers and booleans as IAM writes them. */
function texts(value: unknown): string[] {
  return list(value).flatMap((v) => (typeof v === "string" ? [v] : typeof v === "number" || typeof v === "boolean" ? [String(v)] : []));
}

/**
 * Conditions with the same operator and key become one, their values ORed: what the provider
 * writes for several `condition` blocks of one statement (hashicorp/terraform-provider-aws#33093,
 * provider >= 5.14) and what AWS evaluates.
 */
export function mergeConditions(conditions: readonly IamCondition[]): IamCondition[] {
  const merged = new Map<string, { test: string; variable: string; values: string[] }>();
  for (const c of conditions) {
    const key = `${c.test}\u0000${c.variable}`;
    const entry = merged.get(key);
    if (entry) entry.values.push(...c.values.filter((v) => !entry.values.includes(v)));
    else merged.set(key, { test: c.test, variable: c.variable, values: [...new Set(c.values)] });
  }
  return [...merged.values()];
}

function withSid(label: string, sid: string | undefined, key: string): string {
  return sid ? `${label} (${key} ${JSON.stringify(sid)})` : label;
}

/** A `statement` block of `aws_iam_policy_document`. */
export function documentStatement(s: Config, label: string, source: StatementSource): IamStatement {
  const sid = typeof s.sid === "string" && s.sid !== "" ? s.sid : undefined;
  const principals = (key: string) => blocks(s[key]).map((p) => ({ type: String(p.type ?? ""), identifiers: texts(p.identifiers) }));
  const notPrincipals = principals("not_principals");
  return {
    label: withSid(label, sid, "sid"),
    ...(sid ? { sid } : {}),
    effect: s.effect === "Deny" ? "Deny" : "Allow",
    actions: texts(s.actions),
    notActions: texts(s.not_actions),
    resources: texts(s.resources),
    notResources: texts(s.not_resources),
    principals: principals("principals"),
    notPrincipals,
    hasNotPrincipals: notPrincipals.length > 0,
    conditions: mergeConditions(blocks(s.condition).map((c) => ({ test: String(c.test ?? ""), variable: String(c.variable ?? ""), values: texts(c.values) }))),
    syntax: "document",
    source,
  };
}

/** The statements of an IAM JSON policy (parsed): `Statement` as a list or a single object. */
export function jsonPolicyStatements(policy: unknown, prefix: string, source: StatementSource): IamStatement[] {
  if (!isObject(policy)) return [];
  return list(policy.Statement)
    .filter(isObject)
    .map((s, i) => {
      const sid = typeof s.Sid === "string" && s.Sid !== "" ? s.Sid : undefined;
      const notPrincipals = jsonPrincipals(s.NotPrincipal);
      return {
        label: withSid(`${prefix}Statement[${i}]`, sid, "Sid"),
        ...(sid ? { sid } : {}),
        effect: s.Effect === "Deny" ? "Deny" : "Allow",
        actions: texts(s.Action),
        notActions: texts(s.NotAction),
        resources: texts(s.Resource),
        notResources: texts(s.NotResource),
        principals: jsonPrincipals(s.Principal),
        notPrincipals,
        hasNotPrincipals: s.NotPrincipal !== undefined,
        conditions: jsonConditions(s.Condition),
        syntax: "json" as const,
        source,
      };
    });
}

function jsonPrincipals(principal: unknown): IamPrincipal[] {
  if (principal === undefined || principal === null) return [];
  if (principal === "*") return [{ type: "*", identifiers: ["*"] }];
  if (!isObject(principal)) return typeof principal === "string" ? [{ type: "?", identifiers: [principal] }] : [];
  return Object.entries(principal).map(([type, ids]) => ({ type, identifiers: texts(ids) }));
}

function jsonConditions(condition: unknown): IamCondition[] {
  if (!isObject(condition)) return [];
  return Object.entries(condition).flatMap(([test, byKey]) =>
    isObject(byKey) ? Object.entries(byKey).map(([variable, values]) => ({ test, variable, values: texts(values) })) : [],
  );
}

/** `Service:lambda.amazonaws.com`, `AWS:arn:...`; `*` for anyone. */
export function principalText(p: IamPrincipal, id: string): string {
  return p.type === "*" || (p.type === "AWS" && id === "*") ? "*" : `${p.type}:${id}`;
}
