import type { Simulation } from "@cloud-copilot/iam-simulate";
import type { IamPrincipal, IamStatement } from "../../modules/core/terraform";
import type { LocalFunction } from "./functions";
import type { RolePolicies } from "./role-policies";

type IamSimulate = typeof import("@cloud-copilot/iam-simulate");
let simulator: IamSimulate | undefined;

/**
 * iam-simulate (and its IAM data) takes a good part of start-up to load: loaded on the first
 * check, or ahead of it once the server is answering.
 */
export function loadIamSimulate(): IamSimulate {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (simulator ??= require("@cloud-copilot/iam-simulate") as IamSimulate);
}

/** One authorization question: may this principal call `action` on `resource`? */
export interface AuthorizationRequest {
  readonly action: string;
  readonly resource: string;
  /** Request context keys that this tool knows for the call (lower-case names are fine). */
  readonly context: Readonly<Record<string, string | readonly string[]>>;
  /** The resource's own policy when the stack gives it one (bucket, queue, topic, function permissions). */
  readonly resourcePolicy?: readonly IamStatement[];
}

export type Decision = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

/** Who asks: a role's session (a function's, a schedule's) or an AWS service principal. */
export interface Principal {
  /** `arn:aws:sts::<account>:assumed-role/<role>/<session>`, or a service principal (`sns.amazonaws.com`). */
  readonly arn: string;
  readonly role?: RolePolicies;
  /** Context keys of the request that come from the principal (a service's aws:SourceArn, ...). */
  readonly context?: Readonly<Record<string, string>>;
}

/** The principal a function's code acts as: its role's session named after the function. */
export function functionPrincipal(fn: LocalFunction, accountId: string): Principal {
  return { arn: `arn:${fn.functionArn.split(":")[1]}:sts::${accountId}:assumed-role/${fn.role.roleName}/${fn.functionName}`, role: fn.role };
}

/**
 * Evaluates a call against the function's identity policies with iam-simulate, as IAM would for a
 * same-account request without resource policies. Conservative where this tool knows less than
 * AWS: a statement whose condition needs a key that is not known here never decides "allowed".
 */
export async function authorize(fn: LocalFunction, accountId: string, request: AuthorizationRequest): Promise<Decision> {
  return authorizePrincipal(functionPrincipal(fn, accountId), accountId, fn.functionArn.split(":")[3], request);
}

/**
 * Evaluates one request as IAM does within one account: the principal's identity policies (for a
 * role) and the resource's policy (when there is one) each may allow; any explicit Deny wins.
 * Conservative where this tool knows less than AWS: a statement whose condition needs a key that is
 * not known here never decides "allowed", and a Deny that might apply refuses.
 */
export async function authorizePrincipal(principal: Principal, accountId: string, region: string, request: AuthorizationRequest): Promise<Decision> {
  const role = principal.role;
  if (role?.refuseAll) return { allowed: false, reason: role.refuseAll };
  const context: Record<string, string | string[]> = {
    "aws:RequestedRegion": region,
    ...(role ? { "aws:PrincipalArn": role.roleArn, "aws:PrincipalAccount": accountId } : { "aws:PrincipalServiceName": principal.arn }),
    "aws:SecureTransport": "true",
    "aws:CurrentTime": new Date().toISOString(),
    "aws:EpochTime": String(Math.floor(Date.now() / 1000)),
    ...principal.context,
    ...Object.fromEntries(Object.entries(request.context).map(([k, v]) => [k, typeof v === "string" ? v : [...v]])),
  };
  type Policy = Simulation["identityPolicies"][number]["policy"];
  const simulation: Simulation = {
    identityPolicies: (role?.policies ?? []).map((p) => ({ name: p.name, policy: policyJson(p.statements) as unknown as Policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(request.resourcePolicy && { resourcePolicy: policyJson(request.resourcePolicy) as unknown as Policy }),
    request: {
      action: request.action,
      principal: principal.arn,
      resource: { accountId, resource: request.resource },
      contextVariables: context,
    },
  };
  const result = await loadIamSimulate().runSimulation(simulation, {});
  if (result.resultType === "error") return { allowed: false, reason: `the policy could not be evaluated: ${JSON.stringify(result.errors)}` };
  if (result.resultType !== "single") return { allowed: false, reason: `unexpected simulation result ${result.resultType}` };
  const analysis = result.result.analysis;
  const identity = analysis.identityAnalysis;
  const resource = (analysis as { resourceAnalysis?: { allowStatements?: Statement[]; denyStatements?: Statement[]; unmatchedStatements?: Statement[] } }).resourceAnalysis;
  const known = new Set(Object.keys(context).map((k) => k.toLowerCase()));
  const unknownKeys = (statements: readonly Statement[] | undefined) =>
    (statements ?? [])
      .filter((s) => s.actionMatch !== false && s.resourceMatch !== false && s.principalMatch !== "NoMatch")
      .flatMap((s) => conditionKeys(s.statement))
      .filter((key) => !known.has(key.toLowerCase()));
  // A Deny that might apply in AWS (its condition cannot be evaluated here) refuses too.
  const denies = [identity?.denyStatements, identity?.unmatchedStatements, resource?.denyStatements, resource?.unmatchedStatements].flatMap((list) =>
    (list ?? []).filter((s) => effectOf(s.statement) === "Deny"),
  );
  const denyKeys = unknownKeys(denies);
  if (denyKeys.length > 0) return { allowed: false, reason: `a Deny statement's condition on ${[...new Set(denyKeys)].join(", ")} cannot be evaluated locally` };
  if (result.overallResult === "Allowed") {
    const allowKeys = unknownKeys([...(identity?.allowStatements ?? []), ...(resource?.allowStatements ?? [])]);
    if (allowKeys.length > 0) return { allowed: false, reason: `the statement that allows it has a condition on ${[...new Set(allowKeys)].join(", ")}, which cannot be evaluated locally` };
    return { allowed: true };
  }
  const notEvaluated = role && role.notEvaluated.length > 0 ? `; also attached but not evaluated locally: ${role.notEvaluated.join("; ")}` : "";
  const policyKind = role ? (request.resourcePolicy ? "no identity-based or resource-based policy" : "no identity-based policy") : "no resource-based policy";
  return {
    allowed: false,
    reason: result.overallResult === "ExplicitlyDenied" ? "explicitly denied" : `${policyKind} allows the ${request.action} action${notEvaluated}`,
  };
}

interface Statement {
  readonly statement: unknown;
  readonly actionMatch?: boolean;
  readonly resourceMatch?: boolean;
  readonly principalMatch?: string;
}

// iam-simulate's statements are objects of its own whose JSON is the policy statement.
function plain(statement: unknown): { Effect?: string; Condition?: Record<string, Record<string, unknown>> } {
  return JSON.parse(JSON.stringify(statement)) as { Effect?: string; Condition?: Record<string, Record<string, unknown>> };
}

function effectOf(statement: unknown): string | undefined {
  return plain(statement).Effect;
}

function conditionKeys(statement: unknown): string[] {
  const condition = plain(statement).Condition ?? {};
  return Object.values(condition).flatMap((byKey) => Object.keys(byKey));
}

/** Actions a role's policies grant with Allow, as written, each with the resources of its statement. */
export function grantedActions(policies: readonly { readonly statements: readonly IamStatement[] }[]): { action: string; resources: string[] }[] {
  const out: { action: string; resources: string[] }[] = [];
  for (const { statements } of policies) {
    for (const statement of statements) {
      if (statement.effect !== "Allow") continue;
      for (const action of statement.actions) out.push({ action, resources: [...statement.resources] });
    }
  }
  return out;
}

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
