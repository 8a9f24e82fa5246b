import type { PolicyDocumentStatement } from "../../core/policy/policy-statement";
import { POLICY_VERSION_ACTIONS, ROLE_MUTATING_ACTIONS } from "../../core/policy/role-self-modification";
import { PASSED_TO_SERVICE } from "../../core/policy/pass-role";
import { Validator } from "../../core/validation";
import { DEPLOYER_PATH } from "../deployer-names";
import { AWS_DEPLOY_GRANTS, type DeployGrant } from "./permissions";

/** Everything an environment's deployer may touch, and where its state is. */
export interface DeployerScope {
  readonly partition: string;
  readonly accountId: string;
  /** The environment's regions (its stacks' providers). */
  readonly regions: readonly string[];
  /** What every name the environment's stacks create starts with: `<project>-<env>-`. */
  readonly prefix: string;
  /** What hierarchical names of the environment start with (secrets named as paths): `<project>/<env>/`. */
  readonly pathPrefix: string;
  /** The VPCs the environment's functions run in (security groups are created there). */
  readonly vpcIds: readonly string[];
  /** The tags the provider puts on everything the environment creates (`Project`, `Environment`). */
  readonly tags: Readonly<Record<string, string>>;
  /** The managed policy every role of the environment carries as its boundary. */
  readonly boundaryArn: string;
  /** The issuer hosts of the account's deployer OIDC providers (their ARNs are protected from the apply role). */
  readonly issuerHosts: readonly string[];
  /** The Terraform types of the environment's stacks (`data.<type>` for data sources). */
  readonly types: readonly string[];
}

/** Where a source's runs keep state in S3 (GitHub runs; HCP Terraform keeps its own). */
export interface StateScope {
  readonly bucket: string;
  /** The environment's key prefix, `<project>/<env>/`. */
  readonly keyPrefix: string;
}

/** The statements of the environment's plan and apply identities. */
export interface DeployerStatements {
  /** Read-only: refresh every resource of the environment's stacks, and the deployer identities themselves (drift check). */
  readonly plan: PolicyDocumentStatement[];
  /** Plan's reads, the environment's changes, roles only with the boundary, and the denials that keep it so. */
  readonly apply: PolicyDocumentStatement[];
}

/** A grant's resource patterns, filled for the environment (each region, each VPC). */
export function filledResources(scope: DeployerScope, patterns: readonly string[]): string[] {
  return [...new Set(patterns.flatMap((p) => fill(scope, p)))];
}

const fill = (scope: DeployerScope, pattern: string): string[] => {
  if (pattern === "*") return ["*"];
  const base = pattern.replaceAll("{partition}", scope.partition).replaceAll("{account}", scope.accountId).replaceAll("{prefix}", scope.prefix).replaceAll("{path}", scope.pathPrefix);
  const regions = base.includes("{region}") ? scope.regions.map((r) => base.replaceAll("{region}", r)) : [base];
  return regions.flatMap((p) => (p.includes("{vpc}") ? scope.vpcIds.map((vpc) => p.replaceAll("{vpc}", vpc)) : [p]));
};

/** The types the scope uses that no deploy grant describes: the identity stack refuses them, naming each. */
export function typesWithoutGrants(types: readonly string[]): string[] {
  return types.filter((t) => !AWS_DEPLOY_GRANTS.has(t));
}

/**
 * The plan and apply statements of an environment, computed from the types its stacks use
 * (modules/aws/deployer/permissions): each grant's actions on the environment's own resources only
 * (names under its prefix, in its account and regions; resources AWS names by id told apart by the
 * environment's tags where the service supports it). On top of that, for apply:
 * - creating or changing a role's permissions only with the environment's boundary attached
 *   (`iam:PermissionsBoundary`), managed policies attached only if they are the environment's own;
 * - `iam:PassRole` only to the environment's roles, only to the services its types pass roles to;
 * - explicit denials: no role without the boundary, no boundary removal, no change to the boundary
 *   policy, to the deployer roles (its own and the plan role) or to the OIDC providers.
 * Throws, naming `path`, for a type no grant describes (it could not be planned or applied).
 */
export function deployerStatements(path: string, scope: DeployerScope): DeployerStatements {
  const unknown = typesWithoutGrants(scope.types);
  if (unknown.length > 0) {
    new Validator("deployer identities", path)
      .fail(
        "types",
        "Terraform types whose deploy permissions are known (modules/aws/deployer/permissions/<service>.ts: the actions the provider calls to read, create, update and delete it, and what they act on)",
        unknown,
      )
      .throwIfInvalid();
  }
  const grants = [...new Set(scope.types)].sort().flatMap((t) => AWS_DEPLOY_GRANTS.get(t)!);
  const read = grants.filter((g) => g.phase === "read");
  const manage = grants.filter((g) => g.phase === "manage");
  const role = `arn:${scope.partition}:iam::${scope.accountId}:role/${scope.prefix}*`;
  const iam = (resource: string) => `arn:${scope.partition}:iam::${scope.accountId}:${resource}`;
  const deployerRoles = iam(`role${DEPLOYER_PATH}${scope.prefix}*`);
  const deployerPolicies = iam(`policy${DEPLOYER_PATH}${scope.prefix}*`);
  const providers = scope.issuerHosts.map((host) => iam(`oidc-provider/${host}`));

  const readIdentities: PolicyDocumentStatement = {
      // Both roles also plan the identity stack: a deploy refuses to start while it has changes.
      sid: "ReadDeployerIdentities",
      effect: "Allow" as const,
      actions: ["iam:GetRole", "iam:ListRolePolicies", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies", "iam:ListRoleTags", "iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicyVersions", "iam:ListPolicyTags", "iam:GetOpenIDConnectProvider"].sort(),
      resources: [deployerRoles, deployerPolicies, ...providers].sort(),
  };
  const plan = [...merged(scope, read, "Read"), readIdentities];
  const apply: PolicyDocumentStatement[] = [...merged(scope, [...read, ...manage], "Manage"), readIdentities];
  const bounded = [{ test: "StringEquals", variable: "iam:PermissionsBoundary", values: [scope.boundaryArn] }];
  if (scope.types.includes("aws_iam_role")) {
    apply.push({
      sid: "RolesOnlyWithTheBoundary",
      effect: "Allow",
      actions: ["iam:CreateRole", "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:DetachRolePolicy"],
      resources: [role],
      condition: bounded,
    });
  }
  if (scope.types.includes("aws_iam_role_policy_attachment")) {
    apply.push({
      sid: "AttachOnlyOwnPoliciesUnderTheBoundary",
      effect: "Allow",
      actions: ["iam:AttachRolePolicy"],
      resources: [role],
      condition: [...bounded, { test: "ArnLike", variable: "iam:PolicyARN", values: [iam(`policy/${scope.prefix}*`)] }],
    });
  }
  const services = [...new Set(manage.flatMap((g) => (g.passRole ? [g.passRole.service] : [])))].sort();
  if (services.length > 0) {
    apply.push({
      sid: "PassOwnRolesToTheirServices",
      effect: "Allow",
      actions: ["iam:PassRole"],
      resources: [role],
      condition: [{ test: "StringEquals", variable: PASSED_TO_SERVICE, values: services }],
    });
  }
  apply.push(
    {
      sid: "DenyRolesWithoutTheBoundary",
      effect: "Deny",
      actions: ["iam:CreateRole", "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:DeleteRolePolicy", "iam:DetachRolePolicy"],
      resources: ["*"],
      condition: [{ test: "StringNotEquals", variable: "iam:PermissionsBoundary", values: [scope.boundaryArn] }],
    },
    { sid: "DenyBoundaryRemoval", effect: "Deny", actions: ["iam:DeleteRolePermissionsBoundary"], resources: ["*"] },
    {
      sid: "DenyChangesToTheBoundary",
      effect: "Deny",
      actions: [...POLICY_VERSION_ACTIONS, "iam:DeletePolicy", "iam:TagPolicy", "iam:UntagPolicy"].sort(),
      resources: [scope.boundaryArn],
    },
    {
      sid: "DenyChangesToTheDeployers",
      effect: "Deny",
      actions: [
        ...new Set([
          ...ROLE_MUTATING_ACTIONS,
          ...POLICY_VERSION_ACTIONS,
          "iam:CreateRole",
          "iam:CreatePolicy",
          "iam:DeletePolicy",
          "iam:TagPolicy",
          "iam:UntagPolicy",
          "iam:PassRole",
          "iam:CreateOpenIDConnectProvider",
          "iam:DeleteOpenIDConnectProvider",
          "iam:UpdateOpenIDConnectProviderThumbprint",
          "iam:AddClientIDToOpenIDConnectProvider",
          "iam:RemoveClientIDFromOpenIDConnectProvider",
          "iam:TagOpenIDConnectProvider",
          "iam:UntagOpenIDConnectProvider",
        ]),
      ].sort(),
      resources: [iam(`role${DEPLOYER_PATH}*`), iam(`policy${DEPLOYER_PATH}*`), ...providers].sort(),
    },
  );
  return { plan, apply };
}

/** The state statements of a source that keeps state in S3: list and read its prefix; plan writes only the lock file. */
export function stateStatements(partition: string, state: StateScope, phase: "plan" | "apply"): PolicyDocumentStatement[] {
  const bucket = `arn:${partition}:s3:::${state.bucket}`;
  return [
    {
      sid: "ListOwnStatePrefix",
      effect: "Allow",
      actions: ["s3:ListBucket"],
      resources: [bucket],
      condition: [{ test: "StringLike", variable: "s3:prefix", values: [`${state.keyPrefix}*`] }],
    },
    phase === "plan"
      ? { sid: "ReadOwnState", effect: "Allow", actions: ["s3:GetObject"], resources: [`${bucket}/${state.keyPrefix}*`] }
      : { sid: "ReadWriteOwnState", effect: "Allow", actions: ["s3:DeleteObject", "s3:GetObject", "s3:PutObject"], resources: [`${bucket}/${state.keyPrefix}*`] },
    ...(phase === "plan"
      ? [{ sid: "LockOwnState", effect: "Allow" as const, actions: ["s3:DeleteObject", "s3:PutObject"], resources: [`${bucket}/${state.keyPrefix}*.tflock`] }]
      : []),
  ];
}

/**
 * The grants as statements: one per distinct set of resources and conditions, with the union of
 * their actions, in a stable order (same types, same statements, same JSON).
 */
function merged(scope: DeployerScope, grants: readonly DeployGrant[], sidPrefix: string): PolicyDocumentStatement[] {
  const byKey = new Map<string, { resources: string[]; condition: { test: string; variable: string; values: string[] }[]; actions: Set<string> }>();
  for (const g of grants) {
    const resources = [...new Set(g.resources.flatMap((r) => fill(scope, r)))].sort();
    if (resources.length === 0) continue; // a pattern over VPCs, in an environment without one
    const condition = conditionsOf(scope, g);
    const key = JSON.stringify([resources, condition]);
    const entry = byKey.get(key) ?? { resources, condition, actions: new Set<string>() };
    g.actions.forEach((a) => entry.actions.add(a));
    byKey.set(key, entry);
  }
  return [...byKey.values()]
    .map((e) => ({ resources: e.resources, condition: e.condition, actions: [...e.actions].sort() }))
    .sort((a, b) => (JSON.stringify([a.resources, a.condition, a.actions]) < JSON.stringify([b.resources, b.condition, b.actions]) ? -1 : 1))
    .map((e, i) => ({
      sid: `${sidPrefix}${i + 1}`,
      effect: "Allow" as const,
      actions: e.actions,
      resources: e.resources,
      ...(e.condition.length > 0 ? { condition: e.condition } : {}),
    }));
}

function conditionsOf(scope: DeployerScope, g: DeployGrant): { test: string; variable: string; values: string[] }[] {
  const blocks: { test: string; variable: string; values: string[] }[] = [];
  if (g.tagged) {
    const key = g.tagged === "request" ? "aws:RequestTag" : "aws:ResourceTag";
    for (const [tag, value] of Object.entries(scope.tags).sort(([a], [b]) => (a < b ? -1 : 1))) blocks.push({ test: "StringEquals", variable: `${key}/${tag}`, values: [value] });
  }
  for (const [test, byKey] of Object.entries(g.conditions ?? {})) {
    for (const [variable, values] of Object.entries(byKey)) blocks.push({ test, variable, values: [...new Set(values.flatMap((v) => fill(scope, v)))].sort() });
  }
  return blocks;
}
