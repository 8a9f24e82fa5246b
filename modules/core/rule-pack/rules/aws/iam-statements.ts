import { blocks, isExpression, list, type Config } from "../../config";
import type { SynthesizedResource } from "../../rule";

/** One IAM statement, whichever form it was written in (policy-document block or IAM JSON). */
export interface IamStatement {
  /** `statement[1]` or `Statement[1]`, `sid "X"` when it has one: where it is, for findings. */
  readonly label: string;
  readonly effect: "Allow" | "Deny";
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  /** `{ type: "Service", identifiers: [...] }`; `Principal: "*"` is `{ type: "*", identifiers: ["*"] }`. */
  readonly principals: readonly { readonly type: string; readonly identifiers: readonly string[] }[];
  readonly hasNotPrincipals: boolean;
  /** Conditions, one `{ test, variable, values }` per operator and key, whichever form they were written in. */
  readonly conditions: readonly { readonly test: string; readonly variable: string; readonly values: readonly string[] }[];
}

/** Types that hold permission policies (identity-based, inline or managed) as IAM JSON or a document reference. */
export const POLICY_HOLDERS = ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "aws_iam_role"] as const;

/** Every type whose statements the IAM rules read. */
export const IAM_POLICY_TYPES: readonly string[] = ["data.aws_iam_policy_document", ...POLICY_HOLDERS];

/**
 * The permission-policy statements a resource defines itself: a policy document's `statement`
 * blocks (and any literal JSON it merges), or the literal IAM JSON of a policy attribute. A policy
 * that references a document (`${data.aws_iam_policy_document.x.json}`) is skipped: the document
 * is checked on its own. Trust policies (`assume_role_policy`) are not included.
 */
export function permissionStatements(resource: SynthesizedResource): IamStatement[] {
  // Half a dozen rules read the same statements: parsed once per resource and synth.
  let statements = parsed.get(resource);
  if (!statements) parsed.set(resource, (statements = parsePermissionStatements(resource)));
  return statements;
}

const parsed = new WeakMap<SynthesizedResource, IamStatement[]>();

function parsePermissionStatements(resource: SynthesizedResource): IamStatement[] {
  const c = resource.config;
  if (resource.mode === "data" && resource.type === "aws_iam_policy_document") return documentStatements(c);
  if (resource.mode !== "managed") return [];
  switch (resource.type) {
    case "aws_iam_role":
      return blocks(c.inline_policy).flatMap((p, i) => jsonStatements(p.policy, `inline_policy[${i}].`));
    case "aws_iam_policy":
    case "aws_iam_role_policy":
    case "aws_iam_user_policy":
    case "aws_iam_group_policy":
      return jsonStatements(c.policy, "policy.");
    default:
      return [];
  }
}

/** The statements of a role's literal `assume_role_policy` JSON (a document reference is checked on the document). */
export function trustStatements(resource: SynthesizedResource): IamStatement[] {
  if (resource.mode === "managed" && resource.type === "aws_iam_role") return jsonStatements(resource.config.assume_role_policy, "assume_role_policy.");
  return [];
}

function documentStatements(c: Config): IamStatement[] {
  const own = blocks(c.statement).map((s, i) => {
    const sid = typeof s.sid === "string" && s.sid !== "" ? ` (sid ${JSON.stringify(s.sid)})` : "";
    return {
      label: `statement[${i}]${sid}`,
      effect: s.effect === "Deny" ? ("Deny" as const) : ("Allow" as const),
      actions: strings(s.actions),
      notActions: strings(s.not_actions),
      resources: strings(s.resources),
      notResources: strings(s.not_resources),
      principals: blocks(s.principals).map((p) => ({ type: String(p.type ?? ""), identifiers: strings(p.identifiers) })),
      hasNotPrincipals: blocks(s.not_principals).length > 0,
      conditions: blocks(s.condition).map((c) => ({ test: String(c.test ?? ""), variable: String(c.variable ?? ""), values: strings(c.values) })),
    };
  });
  const merged = [...list(c.source_policy_documents), ...list(c.override_policy_documents)].flatMap((doc, i) => jsonStatements(doc, `merged document ${i}: `));
  return [...own, ...merged];
}

/** Statements of an IAM JSON policy given literally; an expression or unparsable text gives none. */
export function jsonStatements(policy: unknown, prefix: string): IamStatement[] {
  if (typeof policy !== "string" || !policy.trim().startsWith("{")) return [];
  let parsed: { Statement?: unknown };
  try {
    parsed = JSON.parse(policy) as { Statement?: unknown };
  } catch {
    return [];
  }
  return list(parsed?.Statement)
    .filter((s): s is Record<string, unknown> => typeof s === "object" && s !== null)
    .map((s, i) => {
      const sid = typeof s.Sid === "string" && s.Sid !== "" ? ` (Sid ${JSON.stringify(s.Sid)})` : "";
      return {
        label: `${prefix}Statement[${i}]${sid}`,
        effect: s.Effect === "Deny" ? ("Deny" as const) : ("Allow" as const),
        actions: strings(s.Action),
        notActions: strings(s.NotAction),
        resources: strings(s.Resource),
        notResources: strings(s.NotResource),
        principals: jsonPrincipals(s.Principal),
        hasNotPrincipals: s.NotPrincipal !== undefined,
        conditions: jsonConditions(s.Condition),
      };
    });
}

function jsonPrincipals(principal: unknown): IamStatement["principals"] {
  if (principal === undefined) return [];
  if (principal === "*") return [{ type: "*", identifiers: ["*"] }];
  if (typeof principal !== "object" || principal === null) return [];
  return Object.entries(principal as Record<string, unknown>).map(([type, ids]) => ({ type, identifiers: strings(ids) }));
}

/** `{ "StringEquals": { "cloudwatch:namespace": "orders" } }` as one `{ test, variable, values }` per operator and key. */
function jsonConditions(condition: unknown): IamStatement["conditions"] {
  if (typeof condition !== "object" || condition === null || Array.isArray(condition)) return [];
  return Object.entries(condition as Record<string, unknown>).flatMap(([test, byKey]) =>
    typeof byKey === "object" && byKey !== null && !Array.isArray(byKey)
      ? Object.entries(byKey as Record<string, unknown>).map(([variable, values]) => ({ test, variable, values: strings(values) }))
      : [],
  );
}

function strings(value: unknown): string[] {
  return list(value).filter((v): v is string => typeof v === "string");
}

/** True for an action name with a wildcard (`*`, `s3:*`, `s3:Get*`, `s3:?etObject`). */
export function hasWildcard(action: string): boolean {
  return !isExpression(action) && (action.includes("*") || action.includes("?"));
}

/** Actions that let a principal assume a role (what a trust policy grants). */
export function isAssumeRoleAction(action: string): boolean {
  return /^sts:(AssumeRole|AssumeRoleWithSAML|AssumeRoleWithWebIdentity|TagSession|SetSourceIdentity|SetContext|\*)$/i.test(action) || action === "*";
}
