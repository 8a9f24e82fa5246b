import type { IamPrincipal, IamStatement } from "../../modules/core/terraform";

/** An IAM policy as AWS stores it (what iam-simulate reads). */
export interface PolicyJson {
  readonly Version: string;
  readonly Statement: readonly Record<string, unknown>[];
}

const rendered = new WeakMap<readonly IamStatement[], PolicyJson>();

/**
 * The one adapter from the house's IAM statements (`IamStatement`, values resolved) to IAM JSON as
 * AWS stores it: what iam-simulate evaluates and what GetQueueAttributes or GetTopicAttributes
 * show. A policy document's statements are written as the provider renders them: conditions with
 * the same operator and key already merged (the model does it), `&{...}` as the IAM policy variable
 * `${...}` (the provider's replacement in actions, resources, principals and condition values).
 */
export function policyJson(statements: readonly IamStatement[]): PolicyJson {
  let json = rendered.get(statements);
  if (!json) rendered.set(statements, (json = { Version: "2012-10-17", Statement: statements.map(statementJson) }));
  return json;
}

function statementJson(s: IamStatement): Record<string, unknown> {
  const v = (values: readonly string[]) => (s.syntax === "document" ? values.map((x) => x.replace(/&\{/g, "${")) : [...values]);
  const out: Record<string, unknown> = {};
  if (s.sid !== undefined) out.Sid = s.sid;
  out.Effect = s.effect;
  if (s.actions.length > 0) out.Action = v(s.actions);
  if (s.notActions.length > 0) out.NotAction = v(s.notActions);
  if (s.resources.length > 0) out.Resource = v(s.resources);
  if (s.notResources.length > 0) out.NotResource = v(s.notResources);
  if (s.principals.length > 0) out.Principal = principalJson(s.principals, v);
  if (s.hasNotPrincipals) out.NotPrincipal = principalJson(s.notPrincipals, v);
  if (s.conditions.length > 0) {
    const condition: Record<string, Record<string, string[]>> = {};
    for (const c of s.conditions) condition[c.test] = { ...condition[c.test], [c.variable]: v(c.values) };
    out.Condition = condition;
  }
  return out;
}

/** `"*"` for anyone (`Principal: "*"`, a document's principal of type `*`), else identifiers by principal type. */
function principalJson(principals: readonly IamPrincipal[], v: (values: readonly string[]) => string[]): unknown {
  if (principals.some((p) => p.type === "*")) return "*";
  // IAM JSON's principal written as a bare string (the model's type "?"): as it is.
  if (principals.length === 1 && principals[0].type === "?") return principals[0].identifiers[0];
  const byType: Record<string, string[]> = {};
  for (const p of principals) byType[p.type] = [...(byType[p.type] ?? []), ...v(p.identifiers)];
  return byType;
}
