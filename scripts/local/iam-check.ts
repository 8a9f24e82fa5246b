import type { Simulation } from "@cloud-copilot/iam-simulate";
import type { LocalFunction } from "./functions";
import type { PolicyJson } from "./policy-document";

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

/** One authorization question: may this function call `action` on `resource`? */
export interface AuthorizationRequest {
  readonly action: string;
  readonly resource: string;
  /** Request context keys that this tool knows for the call (lower-case names are fine). */
  readonly context: Readonly<Record<string, string | readonly string[]>>;
}

export type Decision = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

/**
 * Evaluates a call against the function's identity policies with iam-simulate, as IAM would for a
 * same-account request without resource policies. Conservative where this tool knows less than
 * AWS: a statement whose condition needs a key that is not known here never decides "allowed".
 */
export async function authorize(fn: LocalFunction, accountId: string, request: AuthorizationRequest): Promise<Decision> {
  if (fn.role.refuseAll) return { allowed: false, reason: fn.role.refuseAll };
  const context: Record<string, string | string[]> = {
    "aws:RequestedRegion": fn.functionArn.split(":")[3],
    "aws:PrincipalArn": fn.role.roleArn,
    "aws:PrincipalAccount": accountId,
    "aws:SecureTransport": "true",
    "aws:CurrentTime": new Date().toISOString(),
    "aws:EpochTime": String(Math.floor(Date.now() / 1000)),
    ...Object.fromEntries(Object.entries(request.context).map(([k, v]) => [k, typeof v === "string" ? v : [...v]])),
  };
  const simulation: Simulation = {
    identityPolicies: fn.role.policies.map((p) => ({ name: p.name, policy: p.policy as unknown as Simulation["identityPolicies"][number]["policy"] })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    request: {
      action: request.action,
      principal: `arn:${fn.functionArn.split(":")[1]}:sts::${accountId}:assumed-role/${fn.role.roleName}/${fn.functionName}`,
      resource: { accountId, resource: request.resource },
      contextVariables: context,
    },
  };
  const result = await loadIamSimulate().runSimulation(simulation, {});
  if (result.resultType === "error") return { allowed: false, reason: `the policy could not be evaluated: ${JSON.stringify(result.errors)}` };
  if (result.resultType !== "single") return { allowed: false, reason: `unexpected simulation result ${result.resultType}` };
  const identity = result.result.analysis.identityAnalysis;
  const known = new Set(Object.keys(context).map((k) => k.toLowerCase()));
  const unknownKeys = (statements: readonly { statement: unknown; actionMatch?: boolean; resourceMatch?: boolean }[] | undefined) =>
    (statements ?? [])
      .filter((s) => s.actionMatch !== false && s.resourceMatch !== false)
      .flatMap((s) => conditionKeys(s.statement))
      .filter((key) => !known.has(key.toLowerCase()));
  // A Deny that might apply in AWS (its condition cannot be evaluated here) refuses too.
  const denyKeys = unknownKeys([...(identity?.denyStatements ?? []), ...(identity?.unmatchedStatements ?? []).filter((s) => effectOf(s.statement) === "Deny")]);
  if (denyKeys.length > 0) return { allowed: false, reason: `a Deny statement's condition on ${[...new Set(denyKeys)].join(", ")} cannot be evaluated locally` };
  if (result.overallResult === "Allowed") {
    const allowKeys = unknownKeys(identity?.allowStatements);
    if (allowKeys.length > 0) return { allowed: false, reason: `the statement that allows it has a condition on ${[...new Set(allowKeys)].join(", ")}, which cannot be evaluated locally` };
    return { allowed: true };
  }
  const notEvaluated = fn.role.notEvaluated.length > 0 ? `; also attached but not evaluated locally: ${fn.role.notEvaluated.join("; ")}` : "";
  return {
    allowed: false,
    reason: result.overallResult === "ExplicitlyDenied" ? "explicitly denied" : `no identity-based policy allows the ${request.action} action${notEvaluated}`,
  };
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

/** Actions a policy grants with Allow, as written (lower-cased service prefix kept). */
export function grantedActions(policies: readonly { readonly policy: PolicyJson }[]): { action: string; resources: string[] }[] {
  const out: { action: string; resources: string[] }[] = [];
  for (const { policy } of policies) {
    for (const statement of policy.Statement) {
      if (statement.Effect !== "Allow") continue;
      const actions = ([] as unknown[]).concat(statement.Action ?? []).map(String);
      const resources = ([] as unknown[]).concat(statement.Resource ?? []).map(String);
      for (const action of actions) out.push({ action, resources });
    }
  }
  return out;
}
