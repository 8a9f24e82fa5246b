/**
 * The deployer identities of an environment, as facts derived from its config: which sources may
 * deploy it (GitHub Actions, HCP Terraform), the AWS roles and GCP service accounts each phase uses,
 * and what a workflow or a workspace must be told to use them. The identity stacks create them, the
 * deploy order hands them to the workflows and the HCP Terraform stack to the workspaces: one source.
 */
import type { EnvironmentConfig } from "../config/load";
import type { DeployerScope } from "../modules/aws/deployer/deployer-statements";
import { deployerRoleArn, environmentNamePath, environmentNamePrefix, permissionsBoundaryArn, type DeployerSource } from "../modules/aws/deployer-names";
import { GITHUB_ACTIONS_ISSUER_HOST, HCP_TERRAFORM_HOST, type DeployerPhase } from "../modules/core/deployer-subjects";
import { boundedName } from "../modules/core/naming";
import { deployerAccount, deployerSources } from "../config/deployers";
import { defaultTags } from "./aws-provider";
import { awsRegionalStacks } from "./regions";

export const DEPLOYER_PHASES: readonly DeployerPhase[] = ["plan", "apply"];

export { deployerAccount, deployerSources, type DeployerSources } from "../config/deployers";

/**
 * What the environment's AWS deployer may touch: its account and regions, the names and VPCs of
 * its config, the tags its provider sets, its boundary, the issuers its roles trust, and the types
 * `types` its stacks use.
 */
export function awsDeployerScope(config: EnvironmentConfig, types: readonly string[]): DeployerScope {
  const regional = awsRegionalStacks(config);
  const sources = deployerSources(config);
  const tags = defaultTags(config);
  return {
    partition: deployerAccount(config).partition,
    accountId: config.aws.accountId,
    regions: regional.map((r) => r.region),
    prefix: environmentNamePrefix(config.project.name, config.environment),
    pathPrefix: environmentNamePath(config.project.name, config.environment),
    vpcIds: [...new Set(regional.flatMap((r) => (r.vpc ? [r.vpc.vpcId] : [])))].sort(),
    tags: { Project: tags.Project, Environment: tags.Environment },
    boundaryArn: environmentBoundaryArn(config),
    issuerHosts: [...(sources.github ? [GITHUB_ACTIONS_ISSUER_HOST] : []), ...(sources.hcp ? [hcpHost(config)] : [])],
    types,
  };
}

/** The host of the environment's HCP Terraform (its OIDC issuer). */
export function hcpHost(config: EnvironmentConfig): string {
  return config.cloud?.hostname ?? HCP_TERRAFORM_HOST;
}

/** The ARN of the role a source assumes for a phase. */
export function awsDeployerRoleArn(config: EnvironmentConfig, source: DeployerSource, phase: DeployerPhase): string {
  return deployerRoleArn(deployerAccount(config), source, phase);
}

/** The boundary every role of the environment carries. */
export function environmentBoundaryArn(config: EnvironmentConfig): string {
  return permissionsBoundaryArn(deployerAccount(config));
}

/** The issuer host of a source. */
export function issuerHost(config: EnvironmentConfig, source: DeployerSource): string {
  return source === "github" ? GITHUB_ACTIONS_ISSUER_HOST : hcpHost(config);
}

/** The GCP side: the workload identity pool and its providers, and the plan and apply service accounts. */
export interface GcpDeployerNames {
  readonly projectId: string;
  readonly projectNumber: string;
  /** Workload identity pool id (4 to 32 characters). */
  readonly poolId: string;
  /** Provider ids in the pool, per source. */
  readonly providerIds: Readonly<Record<DeployerSource, string>>;
  /** Service account ids (before `@`), per phase. */
  readonly accountIds: Readonly<Record<DeployerPhase, string>>;
}

/** The GCP deployer names of an environment with a `gcp` section and a project number. */
export function gcpDeployerNames(config: EnvironmentConfig): GcpDeployerNames | undefined {
  const gcp = config.gcp;
  if (!gcp || gcp.projectNumber === undefined) return undefined;
  const base = `${config.project.name}-${config.environment}`;
  return {
    projectId: gcp.projectId,
    projectNumber: gcp.projectNumber,
    poolId: boundedName(base, "-deployers", 32),
    providerIds: { github: "github", hcp: "hcp-terraform" },
    accountIds: {
      plan: boundedName(base, "-plan", 30),
      // The account CI rolls images with (`gcp.deployer.accountId`) is the apply identity when config names it.
      apply: gcp.deployer?.accountId ?? boundedName(base, "-apply", 30),
    },
  };
}

/** `projects/<number>/locations/global/workloadIdentityPools/<pool>`: what principals and providers are named under. */
export function gcpPoolName(names: GcpDeployerNames): string {
  return `projects/${names.projectNumber}/locations/global/workloadIdentityPools/${names.poolId}`;
}

/** The full name of a source's provider: what `google-github-actions/auth` and `TFC_GCP_WORKLOAD_PROVIDER_NAME` take. */
export function gcpProviderName(names: GcpDeployerNames, source: DeployerSource): string {
  return `${gcpPoolName(names)}/providers/${names.providerIds[source]}`;
}

/** A service account's email. */
export function gcpServiceAccountEmail(names: GcpDeployerNames, phase: DeployerPhase): string {
  return `${names.accountIds[phase]}@${names.projectId}.iam.gserviceaccount.com`;
}

/** The principal of one exact token subject in the pool (never the pool-wide `principalSet://.../*`). */
export function gcpSubjectPrincipal(names: GcpDeployerNames, subject: string): string {
  return `principal://iam.googleapis.com/${gcpPoolName(names)}/subject/${subject}`;
}
