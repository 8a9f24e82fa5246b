/**
 * An independent IAM evaluator for the deployer identities' synthesized policies: the Terraform
 * JSON of a stack (its `aws_iam_policy_document` blocks read as the provider renders them) is
 * evaluated with @cloud-copilot/iam-simulate, as IAM would evaluate a request: identity policies, a
 * permissions boundary, a role's trust policy as the resource policy of `sts:AssumeRoleWithWebIdentity`.
 *
 * One gap of the simulator is closed here: the IAM service reference lists no `<issuer>:sub` or
 * `<issuer>:aud` keys for `sts:AssumeRoleWithWebIdentity` (AWS documents them: "Available keys for
 * AWS OIDC federation"), so the simulator drops them from the request and every trust condition on
 * them fails. The two functions it asks are wrapped to know them, as String keys, for that action:
 * without this, "refused" results would be right for the wrong reason (the positive cases below
 * prove they are evaluated).
 */
import { join } from "node:path";

// The simulator's own modules, by path (its package exports only its index): the functions it calls through them are wrapped.
const SIMULATOR_DIR = join(require.resolve("@cloud-copilot/iam-simulate"), "..");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const engineKeys = require(join(SIMULATOR_DIR, "simulation_engine", "contextKeys.js")) as { allowedContextKeysForRequest: (...args: unknown[]) => Promise<string[]> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const keyTypes = require(join(SIMULATOR_DIR, "context_keys", "contextKeys.js")) as { typeForContextKey: (key: string) => Promise<string> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runSimulation } = require("@cloud-copilot/iam-simulate") as typeof import("@cloud-copilot/iam-simulate");

const OIDC_KEY = /^[a-z0-9.-]+\.[a-z]{2,}(?:\/[^:]*)?:(sub|aud)$/i;
const allowed = engineKeys.allowedContextKeysForRequest;
engineKeys.allowedContextKeysForRequest = async (...args: unknown[]) => {
  const keys = await allowed(...args);
  return `${args[0]}:${args[1]}`.toLowerCase() === "sts:assumerolewithwebidentity" ? [...keys, ...currentOidcKeys] : keys;
};
const typeOf = keyTypes.typeForContextKey;
keyTypes.typeForContextKey = async (key: string) => (OIDC_KEY.test(key) ? "String" : typeOf(key));
let currentOidcKeys: string[] = [];

type Json = Record<string, any>;
export type IamPolicyJson = { Version: string; Statement: Json[] };

/** An `aws_iam_policy_document` block as the IAM JSON the provider renders from it. */
export function renderDocument(block: Json): IamPolicyJson {
  const statements = (block.statement ?? []) as Json[];
  return {
    Version: "2012-10-17",
    Statement: statements.map((s) => {
      const out: Json = { Effect: s.effect ?? "Allow" };
      if (s.sid) out.Sid = s.sid;
      if (s.actions) out.Action = s.actions;
      if (s.not_actions) out.NotAction = s.not_actions;
      if (s.resources) out.Resource = s.resources;
      if (s.not_resources) out.NotResource = s.not_resources;
      if (s.principals) {
        out.Principal = {};
        for (const p of s.principals as { type: string; identifiers: string[] }[]) out.Principal[p.type] = [...(out.Principal[p.type] ?? []), ...p.identifiers];
      }
      if (s.condition) {
        out.Condition = {};
        for (const c of s.condition as { test: string; variable: string; values: string[] }[]) {
          out.Condition[c.test] ??= {};
          out.Condition[c.test][c.variable] = [...(out.Condition[c.test][c.variable] ?? []), ...c.values];
        }
      }
      return out;
    }),
  };
}

const DOCUMENT_REF = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/;

/** The IAM JSON a policy argument holds: a reference to a policy document of the stack, or literal JSON. */
export function policyOf(tf: Json, value: string): IamPolicyJson {
  const ref = DOCUMENT_REF.exec(value);
  if (ref) return renderDocument(tf.data.aws_iam_policy_document[ref[1]]);
  if (value.includes("${")) throw new Error(`a policy the test cannot read: ${value}`);
  return JSON.parse(value) as IamPolicyJson;
}

/** A role of the stack: its ARN (as IAM names it), trust policy and identity policies (inline and attached managed policies). */
export interface SimulatedRole {
  readonly name: string;
  readonly arn: string;
  readonly trust: IamPolicyJson;
  readonly policies: { name: string; policy: IamPolicyJson }[];
}

/** Reads a role of a synthesized stack by its IAM name. */
export function roleOf(tf: Json, accountId: string, name: string): SimulatedRole {
  const roles = tf.resource.aws_iam_role as Record<string, Json>;
  const [id, role] = Object.entries(roles).find(([, r]) => r.name === name) ?? [];
  if (!role) throw new Error(`no role ${name}; the stack has ${Object.values(roles).map((r) => r.name).join(", ")}`);
  const names = (attr: string) => [`\${aws_iam_role.${id}.${attr}}`];
  const policies: { name: string; policy: IamPolicyJson }[] = [];
  for (const [pid, p] of Object.entries((tf.resource.aws_iam_role_policy ?? {}) as Record<string, Json>)) {
    if ([...names("id"), ...names("name")].includes(p.role)) policies.push({ name: `inline ${p.name ?? pid}`, policy: policyOf(tf, p.policy) });
  }
  for (const a of Object.values((tf.resource.aws_iam_role_policy_attachment ?? {}) as Record<string, Json>)) {
    if (![...names("id"), ...names("name")].includes(a.role)) continue;
    const policyId = /^\$\{aws_iam_policy\.([^.]+)\.arn\}$/.exec(a.policy_arn)?.[1];
    if (!policyId) throw new Error(`an attachment the test cannot read: ${a.policy_arn}`);
    const managed = tf.resource.aws_iam_policy[policyId];
    policies.push({ name: managed.name, policy: policyOf(tf, managed.policy) });
  }
  return { name, arn: `arn:aws:iam::${accountId}:role${role.path ?? "/"}${name}`, trust: policyOf(tf, role.assume_role_policy), policies };
}

/** A managed policy of the stack by name (the permissions boundary). */
export function managedPolicyOf(tf: Json, name: string): { arn: string; policy: IamPolicyJson } {
  const found = Object.values(tf.resource.aws_iam_policy as Record<string, Json>).find((p) => p.name === name);
  if (!found) throw new Error(`no managed policy ${name}`);
  return { arn: `arn:aws:iam::${tf.provider.aws[0].allowed_account_ids[0]}:policy${found.path ?? "/"}${name}`, policy: policyOf(tf, found.policy) };
}

export type Decision = "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied";

/** May `role` (a session of it) call `action` on `resource`, with these request context keys? */
export async function mayCall(role: SimulatedRole, accountId: string, action: string, resource: string, context: Record<string, string | string[]> = {}, boundary?: IamPolicyJson): Promise<Decision> {
  return run({
    identityPolicies: role.policies,
    ...(boundary ? { permissionBoundaryPolicies: [{ name: "boundary", policy: boundary }] } : {}),
    request: {
      action,
      principal: `arn:aws:sts::${accountId}:assumed-role/${role.name}/session`,
      resource: { accountId, resource },
      contextVariables: { "aws:PrincipalArn": role.arn, "aws:PrincipalAccount": accountId, ...context },
    },
  });
}

/** May a token of `issuer` with these claims assume `role` (its trust policy, as `sts:AssumeRoleWithWebIdentity`)? */
export async function mayAssume(role: SimulatedRole, accountId: string, issuer: string, claims: { sub: string; aud: string }): Promise<Decision> {
  currentOidcKeys = [`${issuer}:sub`.toLowerCase(), `${issuer}:aud`.toLowerCase()];
  return run({
    identityPolicies: [],
    resourcePolicy: role.trust,
    request: {
      action: "sts:AssumeRoleWithWebIdentity",
      principal: `arn:aws:iam::${accountId}:oidc-provider/${issuer}`,
      resource: { accountId, resource: role.arn },
      contextVariables: { [`${issuer}:sub`]: claims.sub, [`${issuer}:aud`]: claims.aud },
    },
  });
}

async function run(simulation: Json): Promise<Decision> {
  const result = await runSimulation({ serviceControlPolicies: [], resourceControlPolicies: [], ...simulation } as never, {});
  if (result.resultType !== "single") throw new Error(`simulation failed: ${JSON.stringify(result).slice(0, 2000)}`);
  const ignored = result.result.ignoredContextKeys ?? [];
  // A key the simulator drops would make a condition on it fail for the wrong reason.
  if (ignored.length > 0) throw new Error(`the simulator ignored the context keys ${ignored.join(", ")} for ${simulation.request.action}`);
  return result.overallResult as Decision;
}
