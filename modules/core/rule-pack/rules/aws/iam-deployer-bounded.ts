import { actionCovers } from "../../../policy/action-patterns";
import { isEscalationAction } from "../../../policy/escalation-actions";
import { POLICY_VERSION_ACTIONS } from "../../../policy/role-self-modification";
import { isResourceIdWildcard, isWildcardResource } from "../../../policy/resource-arn";
import type { DeployerTraits } from "../../../environment-traits";
import type { Rule } from "../../rule";
import { policiesOf } from "../../../terraform";
import { boundaryPart, governsOnlyDeployers } from "./deployer-identities";
import { IAM_POLICY_TYPES, modelOf, permissionStatements, type IamStatement } from "./iam-statements";

/** What changes a role's permissions: allowed to a deployer only with the environment's boundary. */
export const ROLE_PERMISSION_CHANGES = ["iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:DeleteRolePolicy", "iam:DetachRolePolicy", "iam:PutRolePermissionsBoundary"];

/** What changes or drops a managed policy: never allowed on the boundary. */
const POLICY_CHANGES = [...POLICY_VERSION_ACTIONS, "iam:DeletePolicy", "iam:TagPolicy", "iam:UntagPolicy"];

const covers = (s: IamStatement, action: string) => s.actions.some((a) => actionCovers(a, action));

/**
 * Kinds of resources whose ids AWS assigns at creation (no name the environment chooses could scope
 * them): `<service>` and the resource part of the ARN, the id a `*`. Everything else a deployer acts
 * on by pattern must be under the environment's name prefix.
 */
export const AWS_ASSIGNED_IDS: readonly { readonly service: string; readonly resource: RegExp }[] = [
  // HTTP APIs and what is below them; tags are addressed by the resource's (encoded) ARN.
  { service: "apigateway", resource: /^\/(apis|tags)\/\*$/ },
  { service: "ec2", resource: /^(security-group|security-group-rule|network-interface)\/\*$/ },
  { service: "lambda", resource: /^event-source-mapping:\*$/ },
];

/**
 * Where a pattern may reach: within the environment's account (an ARN without an account, such as
 * API Gateway's, is the caller's) and one region, and, for a global namespace (S3 buckets) or where
 * it names resources of the environment, within its name prefix. The wildcard of a resource AWS
 * names by id (`security-group/*`, `event-source-mapping:*`, `/apis/*`) is the account's resources
 * of that kind: accepted for actions that cannot escalate.
 */
function patternProblem(resource: string, traits: DeployerTraits, escalating: boolean): string | undefined {
  const parts = resource.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return `${JSON.stringify(resource)} is not an ARN`;
  const [, , service, region, account] = parts;
  const rest = parts.slice(5).join(":");
  if (account !== "" && account !== traits.accountId) return `${JSON.stringify(resource)} is outside the environment's account ${traits.accountId}`;
  // Objects of one named bucket (the state bucket's prefix): below a named resource.
  if (service === "s3" && rest.includes("/") && !/[*?]/.test(rest.slice(0, rest.indexOf("/")))) return undefined;
  if (/[*?]/.test(region) || /[*?]/.test(account) || /[*?]/.test(service)) return `${JSON.stringify(resource)} is not one service, region and account`;
  // Under the name prefix, or a name written as a path that starts with the environment's (`secret:svc/dev/...`).
  const under = (start: string) => rest.includes(start) && !/[*?]/.test(rest.slice(0, rest.indexOf(start)));
  const pathNamed = service !== "s3" && under(traits.namePath) && /(^|[:/])$/.test(rest.slice(0, rest.indexOf(traits.namePath)));
  const named = under(traits.namePrefix) || pathNamed;
  if (named) return undefined;
  if (service === "s3") return `${JSON.stringify(resource)} is not under the environment's name prefix ${traits.namePrefix} (S3 names are global)`;
  if (escalating) return `${JSON.stringify(resource)} is not under the environment's name prefix ${traits.namePrefix}`;
  return AWS_ASSIGNED_IDS.some((k) => k.service === service && k.resource.test(rest))
    ? undefined
    : `${JSON.stringify(resource)} is neither under the environment's name prefix ${traits.namePrefix} nor every resource of one kind AWS names by id`;
}

export const iamDeployerBounded: Rule = {
  id: "iam-deployer-bounded",
  title: "Deployer roles act only on their environment, and create roles only under its boundary",
  suppressible: false,
  guards: "iam",
  checkov: ["CKV_AWS_286", "CKV_AWS_289"],
  trivy: ["AWS-0342"],
  description:
    "The policies of the environment's deployer roles (its config declares them: `config/deployers.ts`, their exact ARNs) and its permissions boundary are judged here instead of by the rules that ask for exact resources, since a deployer creates what the environment's stacks name. Every resource pattern stays in the environment's account and regions and under its name prefix (`<project>-<env>-`), or its path (`<project>/<env>/`) for names written as paths (secrets); only the wildcard of a kind of resource AWS names by id (`security-group/*`, `event-source-mapping:*`, `/apis/*`) may stand for the account's resources of that kind, and never for an escalation action. A deployer may create or change a role's permissions (`iam:CreateRole`, `Put/Delete/Attach/DetachRolePolicy`, `PutRolePermissionsBoundary`) only with `StringEquals` on `iam:PermissionsBoundary` equal to the environment's boundary, never remove a boundary, never change the boundary policy, and pass only the environment's roles. The boundary may allow escalation actions only on exact resources, and must deny removing boundaries. Cannot be suppressed.",
  appliesTo: IAM_POLICY_TYPES,
  check(resource, context) {
    const traits = context.traits.deployer;
    if (!traits) return undefined;
    const part = boundaryPart(resource, context);
    const boundary = part !== undefined;
    if (!boundary && !governsOnlyDeployers(resource, context)) return undefined;
    const statements = permissionStatements(resource);
    const problems: string[] = [];
    for (const s of statements.filter((x) => x.effect === "Allow" && x.principals.length === 0)) {
      const escalating = s.actions.some(isEscalationAction);
      for (const r of s.resources) {
        if (isWildcardResource(r)) {
          // "*" for an escalation action only where a condition confines it to the environment's resources.
          const confined = s.conditions.some((c) => !/IfExists$|^ForAllValues:/.test(c.test) && c.values.length > 0 && c.values.every((v) => v.includes(`:${traits.namePrefix}`) || v.includes(`/${traits.namePrefix}`)));
          if (escalating && !confined) problems.push(`${s.label} allows ${s.actions.filter(isEscalationAction).join(", ")} on ${JSON.stringify(r)} without a condition that confines it to the environment's resources`);
          continue;
        }
        if (!(isResourceIdWildcard(r) || /[*?]/.test(r))) continue;
        if (boundary && escalating) problems.push(`${s.label} allows ${s.actions.filter(isEscalationAction).join(", ")} on the pattern ${JSON.stringify(r)}: a boundary allows escalation actions on exact resources only`);
        const problem = patternProblem(r, traits, escalating);
        if (problem) problems.push(`${s.label}: ${problem}`);
      }
      if (boundary) continue;
      const changes = ROLE_PERMISSION_CHANGES.filter((a) => covers(s, a));
      const bounded = s.conditions.some((c) => (c.test === "StringEquals" || c.test === "ArnEquals") && c.variable.toLowerCase() === "iam:permissionsboundary" && c.values.length === 1 && c.values[0] === traits.permissionsBoundaryArn);
      if (changes.length > 0 && !bounded) problems.push(`${s.label} allows ${changes.join(", ")} without StringEquals iam:PermissionsBoundary = ${traits.permissionsBoundaryArn}`);
      if (covers(s, "iam:DeleteRolePermissionsBoundary")) problems.push(`${s.label} allows iam:DeleteRolePermissionsBoundary: a role could shed the boundary`);
      const onBoundary = s.resources.filter((r) => r === traits.permissionsBoundaryArn || isWildcardResource(r) || (r.includes("*") && new RegExp(`^${r.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`).test(traits.permissionsBoundaryArn)));
      const policyChanges = POLICY_CHANGES.filter((a) => covers(s, a));
      if (policyChanges.length > 0 && onBoundary.length > 0) problems.push(`${s.label} allows ${policyChanges.join(", ")} on the boundary ${traits.permissionsBoundaryArn}`);
      if (covers(s, "iam:PassRole")) {
        const outside = s.resources.filter((r) => !r.includes(`:role/${traits.namePrefix}`));
        if (outside.length > 0) problems.push(`${s.label} passes roles outside the environment: ${outside.map((r) => JSON.stringify(r)).join(", ")}`);
      }
    }
    if (part === "policy") {
      // The whole policy, its documents included.
      const all = policiesOf(modelOf(resource), resource.address).filter((p) => p.kind === "identity").flatMap((p) => p.statements);
      const denies = all.some((s) => s.effect === "Deny" && covers(s, "iam:DeleteRolePermissionsBoundary") && s.resources.some(isWildcardResource) && s.conditions.length === 0);
      if (!denies) problems.push("the boundary does not deny iam:DeleteRolePermissionsBoundary on every resource: a role under it could shed it");
    }
    if (problems.length === 0) return undefined;
    return `${problems.join("; ")}; the deployer's reach is the environment's own resources, and roles only under its boundary`;
  },
};
