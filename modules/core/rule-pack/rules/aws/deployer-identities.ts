import { catalogEntry } from "../../../catalog";
import type { DeployerTraits } from "../../../environment-traits";
import { githubSubject } from "../../../deployer-subjects";
import { modelOf, type IamStatement } from "./iam-statements";
import { rolesGovernedBy } from "./role-policies";
import type { RuleContext, SynthesizedResource } from "../../rule";

/**
 * What the IAM rules know about an environment's deployer identities (config/deployers.ts declares
 * them among the environment's traits): its deployer roles, by their exact ARNs, and the
 * permissions boundary every other role carries. A deployer role applies the environment's
 * Terraform, so it holds what workload roles may not (creating roles, functions, tables of the
 * environment by name pattern): its policies are judged by `iam-deployer-bounded` instead of the
 * rules that ask for exact resources, and only those exact ARNs count as deployer roles.
 */

/** The ARN of a role block, when its name and path are literal. */
export function roleArnOf(resource: SynthesizedResource): string | undefined {
  const model = modelOf(resource);
  return catalogEntry("aws_iam_role")?.arn?.(resource.config, model.providerFacts(resource.address)) ?? undefined;
}

/** The ARN of a managed policy block, when its name and path are literal. */
export function policyArnOf(resource: SynthesizedResource): string | undefined {
  const model = modelOf(resource);
  return catalogEntry("aws_iam_policy")?.arn?.(resource.config, model.providerFacts(resource.address)) ?? undefined;
}

/** Whether a role is one of the environment's declared deployer roles. */
export function isDeployerRole(role: SynthesizedResource, traits: DeployerTraits | undefined): boolean {
  if (!traits || role.type !== "aws_iam_role") return false;
  const arn = roleArnOf(role);
  return arn !== undefined && traits.deployerRoleArns.includes(arn);
}

/** Whether a policy (a role's, a managed one, a document) governs deployer roles, and only them. */
export function governsOnlyDeployers(resource: SynthesizedResource, context: RuleContext): boolean {
  const traits = context.traits.deployer;
  if (!traits) return false;
  if (resource.type === "aws_iam_role") return isDeployerRole(resource, traits);
  const roles = rolesGovernedBy(resource, context);
  return roles.length > 0 && roles.every((r) => isDeployerRole(r.role, traits));
}

/**
 * Whether a resource is the environment's declared permissions boundary: the managed policy with
 * that ARN (`policy`), or a policy document it reads (`document`).
 */
export function boundaryPart(resource: SynthesizedResource, context: RuleContext): "policy" | "document" | undefined {
  const traits = context.traits.deployer;
  if (!traits) return undefined;
  const isBoundary = (r: SynthesizedResource) => r.mode === "managed" && r.type === "aws_iam_policy" && policyArnOf(r) === traits.permissionsBoundaryArn;
  if (isBoundary(resource)) return "policy";
  if (resource.mode === "data" && resource.type === "aws_iam_policy_document") {
    const boundaries = context.ofType("aws_iam_policy").filter(isBoundary);
    if (boundaries.some((b) => context.referencedBy(b.config.policy).includes(resource))) return "document";
  }
  return undefined;
}

/** Whether a resource is the environment's permissions boundary, or a document it reads. */
export function isDeclaredBoundary(resource: SynthesizedResource, context: RuleContext): boolean {
  return boundaryPart(resource, context) !== undefined;
}

/**
 * Whether the generic "exact resources" rules leave a policy to `iam-deployer-bounded`: it governs
 * only the environment's deployer roles, or it is the environment's permissions boundary.
 */
export function judgedAsDeployer(resource: SynthesizedResource, context: RuleContext): boolean {
  return governsOnlyDeployers(resource, context) || isDeclaredBoundary(resource, context);
}

const NOT_EXACT = /[*?]|\$\{|%\{|&\{/;
const OIDC_PROVIDER = /^arn:[a-z-]+:iam::(\d{12}):oidc-provider\/(.+)$/;

/**
 * The problems of a federated trust statement: it must let exactly the environment's deployers in.
 * `sts:AssumeRoleWithWebIdentity` only, for an IAM OIDC provider of the environment's account whose
 * issuer is one of its deployers (GitHub Actions, its HCP Terraform), with `StringEquals` (no
 * `IfExists`, no set operator) on that issuer's `aud` and `sub`, each value one exact string, and
 * each subject one its config allows: `repo:<repository>:environment:<env>` or `...:<env>-plan`, or
 * `organization:<org>:project:<project>:workspace:<project name>-<stack>:run_phase:plan|apply`.
 * An empty list means the statement is such a trust.
 */
export function federatedTrustProblems(s: IamStatement, traits: DeployerTraits | undefined, environment: string): string[] {
  const problems: string[] = [];
  const trusted = s.principals.filter((p) => p.type === "Federated").flatMap((p) => p.identifiers);
  if (!traits) return [`${s.label} trusts Federated ${trusted.join(", ")}, but the environment declares no deployer (config: project.repository, or backend "cloud")`];
  const hosts = new Map<string, (sub: string) => boolean>();
  if (traits.github) {
    const allowed = [githubSubject(traits.github.repository, environment, "apply"), githubSubject(traits.github.repository, environment, "plan")];
    hosts.set("token.actions.githubusercontent.com", (sub) => allowed.includes(sub));
  }
  if (traits.hcp) {
    const { organization, project, workspacePrefix } = traits.hcp;
    const prefix = `organization:${organization}:project:${project}:workspace:${workspacePrefix}`;
    hosts.set(traits.hcp.host, (sub) => sub.startsWith(prefix) && /^[A-Za-z0-9_-]+:run_phase:(plan|apply)$/.test(sub.slice(prefix.length)));
  }
  const other = s.actions.filter((a) => a.toLowerCase() !== "sts:assumerolewithwebidentity");
  if (other.length > 0) problems.push(`${s.label} also grants ${other.join(", ")} to a federated identity`);
  const federated = trusted;
  for (const id of federated) {
    const m = OIDC_PROVIDER.exec(id);
    if (!m) problems.push(`${s.label} trusts ${id}, which is not an IAM OIDC provider written out (arn:aws:iam::<account>:oidc-provider/<issuer>)`);
    else if (m[1] !== traits.accountId) problems.push(`${s.label} trusts an OIDC provider of account ${m[1]}, not the environment's ${traits.accountId}`);
    else if (!hosts.has(m[2])) problems.push(`${s.label} trusts tokens of ${m[2]}, which does not deploy the environment (${[...hosts.keys()].join(", ") || "nothing does"})`);
  }
  for (const host of federated.map((id) => OIDC_PROVIDER.exec(id)?.[2]).filter((h): h is string => h !== undefined && hosts.has(h))) {
    for (const claim of ["aud", "sub"] as const) {
      const key = `${host}:${claim}`.toLowerCase();
      const conditions = s.conditions.filter((c) => c.variable.toLowerCase() === key);
      const exact = conditions.filter((c) => c.test === "StringEquals");
      if (exact.length === 0) {
        problems.push(`${s.label} does not require ${host}:${claim} to equal exact values (StringEquals${conditions.length > 0 ? `, not ${conditions.map((c) => c.test).join(", ")}` : ""})`);
        continue;
      }
      for (const value of exact.flatMap((c) => c.values)) {
        if (NOT_EXACT.test(value)) problems.push(`${s.label} accepts ${host}:${claim} ${JSON.stringify(value)}, which is not one exact value`);
        else if (claim === "sub" && !hosts.get(host)!(value)) problems.push(`${s.label} trusts the subject ${JSON.stringify(value)}, which is not one of the environment's deployers`);
      }
    }
  }
  return problems;
}
