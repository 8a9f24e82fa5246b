/**
 * The names and ARNs of an environment's deployer identities on AWS, written once: the identity
 * stack creates them, the service stacks attach the boundary to their roles, the rule pack expects
 * that boundary, the deploy order hands the role ARNs to the workflows and the HCP Terraform stack to
 * the workspaces.
 */
import type { DeployerPhase } from "../core/deployer-subjects";

/** Who presents the token: a GitHub Actions job or an HCP Terraform run. */
export type DeployerSource = "github" | "hcp";

/**
 * The IAM path of everything the identity stack creates. The project's own roles and policies live
 * at `/` and are named `<project>-<env>-...`: patterns such as `role/<project>-<env>-*` that the apply
 * role may manage never reach `role/deployer/...`, so it can change neither itself, nor the plan
 * role, nor the boundary.
 */
export const DEPLOYER_PATH = "/deployer/";

/** The audience GitHub Actions tokens carry for AWS (`aws-actions/configure-aws-credentials`' default). */
export const GITHUB_AWS_AUDIENCE = "sts.amazonaws.com";

/** The audience of HCP Terraform's workload identity tokens for AWS (`TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE`' default). */
export const HCP_AWS_AUDIENCE = "aws.workload.identity";

/** Where an environment's deployer identities live. */
export interface DeployerAccount {
  readonly partition: string;
  readonly accountId: string;
  readonly project: string;
  readonly environment: string;
}

/** The prefix of every name the environment's stacks give their resources: `<project>-<env>-`. */
export function environmentNamePrefix(project: string, environment: string): string {
  return `${project}-${environment}-`;
}

/** `<project>/<env>/`: what the environment's names written as paths start with (`svc/prod/orders/api-key`). */
export function environmentNamePath(project: string, environment: string): string {
  return `${project}/${environment}/`;
}

/** `<project>-<env>-<source>-<phase>`, e.g. `svc-prod-github-apply`. */
export function deployerRoleName(project: string, environment: string, source: DeployerSource, phase: DeployerPhase): string {
  return `${environmentNamePrefix(project, environment)}${source}-${phase}`;
}

export function deployerRoleArn(account: DeployerAccount, source: DeployerSource, phase: DeployerPhase): string {
  return `arn:${account.partition}:iam::${account.accountId}:role${DEPLOYER_PATH}${deployerRoleName(account.project, account.environment, source, phase)}`;
}

/** The managed policy every role of the environment carries as its permissions boundary. */
export function permissionsBoundaryName(project: string, environment: string): string {
  return `${environmentNamePrefix(project, environment)}permissions-boundary`;
}

export function permissionsBoundaryArn(account: DeployerAccount): string {
  return `arn:${account.partition}:iam::${account.accountId}:policy${DEPLOYER_PATH}${permissionsBoundaryName(account.project, account.environment)}`;
}

/** The ARN of the account's IAM OIDC provider for an issuer host (`token.actions.githubusercontent.com`). */
export function oidcProviderArn(account: Pick<DeployerAccount, "partition" | "accountId">, host: string): string {
  return `arn:${account.partition}:iam::${account.accountId}:oidc-provider/${host}`;
}
