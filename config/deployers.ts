/**
 * Who deploys an environment, as its config says: GitHub Actions (a repository in
 * `config/project.ts`) runs its Terraform unless HCP Terraform does (`backend: "cloud"` with runs
 * on HCP Terraform's workers or agents). The stacks create the deployer identities from it, and the
 * environment declares it among its traits, so the rule pack knows which subjects its deployer
 * roles may trust and which boundary its roles carry.
 */
import { deployerRoleArn, environmentNamePath, environmentNamePrefix, permissionsBoundaryArn, type DeployerAccount } from "../modules/aws/deployer-names";
import { HCP_TERRAFORM_DEFAULT_PROJECT, HCP_TERRAFORM_HOST } from "../modules/core/deployer-subjects";
import type { DeployerTraits } from "../modules/core/environment-traits";
import { awsPartitionOf } from "../modules/core/regions";
import type { EnvironmentConfig } from "./types";

/** Where an environment's runs happen, and so who needs cloud credentials. */
export interface DeployerSources {
  /** GitHub Actions jobs run Terraform themselves: remote state, or HCP Terraform in `local` execution mode. */
  readonly github: boolean;
  /** HCP Terraform runs Terraform (execution mode `remote` or `agent`) with dynamic credentials. */
  readonly hcp: boolean;
}

/** Who runs the environment's Terraform. */
export function deployerSources(config: Pick<EnvironmentConfig, "backend" | "cloud" | "project">): DeployerSources {
  const cloud = config.backend === "cloud" ? config.cloud : undefined;
  const hcpRuns = cloud !== undefined && (cloud.executionMode ?? "remote") !== "local";
  return { github: config.project.repository !== undefined && !hcpRuns, hcp: hcpRuns };
}

/** The AWS account, project and environment the deployer roles belong to. */
export function deployerAccount(config: EnvironmentConfig): DeployerAccount {
  return { partition: awsPartitionOf(config.aws.region) ?? "aws", accountId: config.aws.accountId, project: config.project.name, environment: config.environment };
}

/** What the rule pack must know of an environment's deployers; undefined for an environment nothing deploys. */
export function deployerTraits(config: EnvironmentConfig): DeployerTraits | undefined {
  const sources = deployerSources(config);
  if (!sources.github && !sources.hcp) return undefined;
  const account = deployerAccount(config);
  return {
    accountId: config.aws.accountId,
    namePrefix: environmentNamePrefix(config.project.name, config.environment),
    namePath: environmentNamePath(config.project.name, config.environment),
    permissionsBoundaryArn: permissionsBoundaryArn(account),
    deployerRoleArns: (["github", "hcp"] as const).filter((s) => sources[s]).flatMap((s) => [deployerRoleArn(account, s, "plan"), deployerRoleArn(account, s, "apply")]),
    ...(sources.github && { github: { repository: config.project.repository! } }),
    ...(sources.hcp && {
      hcp: {
        host: config.cloud!.hostname ?? HCP_TERRAFORM_HOST,
        organization: config.cloud!.organization,
        project: config.cloud!.project ?? HCP_TERRAFORM_DEFAULT_PROJECT,
        workspacePrefix: `${config.project.name}-`,
      },
    }),
  };
}
