import type { Simulation } from "@cloud-copilot/iam-simulate";
import type { IamStatement } from "../../modules/core/terraform";
import type { LocalFunction } from "./functions";
import { policyJson } from "./policy-json";
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
    // What the role holds is capped by its boundary, as in AWS.
    ...(role?.boundary && { permissionBoundaryPolicies: [{ name: role.boundary.arn, policy: policyJson(role.boundary.statements) as unknown as Policy }] }),
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
  const boundary = (analysis as { permissionBoundaryAnalysis?: { result?: string } }).permissionBoundaryAnalysis;
  if (role?.boundary && boundary && boundary.result !== "Allowed" && identity?.result === "Allowed") {
    return { allowed: false, reason: `the role's permissions boundary (${role.boundary.arn}) ${boundary.result === "ExplicitlyDenied" ? "denies" : "does not allow"} the ${request.action} action` };
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
