/**
 * The keys of every config section, for `Validator.object` (a misspelt `vpc` would otherwise give an
 * environment without a VPC, silently). Checked both ways by the compiler (`AllKeysListed`).
 */
import type { AllKeysListed } from "../modules/core/known-keys";
import type {
  GcpDeployerConfig,
  GcpEnvironmentConfig,
  GcpRepositoryConfig,
  GcpServiceConfig,
  GcpVpcConfig,
} from "./gcp-types";
import type { AwsEnvironmentConfig, AwsFunctionDefaults, AwsRegionConfig, AwsVpcConfig, EnvironmentConfig, HcpTerraformConfig, ProjectConfig } from "./types";

export const ENVIRONMENT_CONFIG_KEYS = ["environment", "promotedFrom", "project", "backend", "cloud", "aws", "gcp"] as const satisfies readonly (keyof EnvironmentConfig)[];
export type EnvironmentConfigKeysComplete = AllKeysListed<Exclude<keyof EnvironmentConfig, (typeof ENVIRONMENT_CONFIG_KEYS)[number]>>;

export const PROJECT_CONFIG_KEYS = ["name", "owner"] as const satisfies readonly (keyof ProjectConfig)[];
export type ProjectConfigKeysComplete = AllKeysListed<Exclude<keyof ProjectConfig, (typeof PROJECT_CONFIG_KEYS)[number]>>;

export const HCP_TERRAFORM_CONFIG_KEYS = ["organization", "hostname", "project"] as const satisfies readonly (keyof HcpTerraformConfig)[];
export type HcpTerraformConfigKeysComplete = AllKeysListed<Exclude<keyof HcpTerraformConfig, (typeof HCP_TERRAFORM_CONFIG_KEYS)[number]>>;

export const AWS_CONFIG_KEYS = [
  "region",
  "additionalRegions",
  "accountId",
  "stateBucket",
  "stateRegion",
  "stateAccountId",
  "vpc",
  "logRetentionDays",
  "functions",
  "corsAllowOrigins",
] as const satisfies readonly (keyof AwsEnvironmentConfig)[];
export type AwsConfigKeysComplete = AllKeysListed<Exclude<keyof AwsEnvironmentConfig, (typeof AWS_CONFIG_KEYS)[number]>>;

export const AWS_REGION_CONFIG_KEYS = ["region", "vpc"] as const satisfies readonly (keyof AwsRegionConfig)[];
export type AwsRegionConfigKeysComplete = AllKeysListed<Exclude<keyof AwsRegionConfig, (typeof AWS_REGION_CONFIG_KEYS)[number]>>;

export const AWS_VPC_CONFIG_KEYS = ["vpcId", "subnetIds"] as const satisfies readonly (keyof AwsVpcConfig)[];
export type AwsVpcConfigKeysComplete = AllKeysListed<Exclude<keyof AwsVpcConfig, (typeof AWS_VPC_CONFIG_KEYS)[number]>>;

export const AWS_FUNCTION_DEFAULTS_KEYS = ["memorySize", "timeout", "tracing", "deadLetterQueue", "reservedConcurrency"] as const satisfies readonly (keyof AwsFunctionDefaults)[];
export type AwsFunctionDefaultsKeysComplete = AllKeysListed<Exclude<keyof AwsFunctionDefaults, (typeof AWS_FUNCTION_DEFAULTS_KEYS)[number]>>;

export const GCP_CONFIG_KEYS = [
  "projectId",
  "region",
  "repository",
  "services",
  "vpc",
  "invokerIamDisabled",
  "deployer",
  "stateBackend",
  "gcsStateBucket",
] as const satisfies readonly (keyof GcpEnvironmentConfig)[];
export type GcpConfigKeysComplete = AllKeysListed<Exclude<keyof GcpEnvironmentConfig, (typeof GCP_CONFIG_KEYS)[number]>>;

export const GCP_REPOSITORY_CONFIG_KEYS = [
  "repositoryId",
  "immutableTags",
  "cleanupDryRun",
  "deleteUntaggedAfterDays",
  "keepMostRecent",
  "kmsKeyName",
] as const satisfies readonly (keyof GcpRepositoryConfig)[];
export type GcpRepositoryConfigKeysComplete = AllKeysListed<Exclude<keyof GcpRepositoryConfig, (typeof GCP_REPOSITORY_CONFIG_KEYS)[number]>>;

export const GCP_SERVICES_CONFIG_KEYS = ["frontend", "backend"] as const satisfies readonly (keyof GcpEnvironmentConfig["services"])[];
export type GcpServicesConfigKeysComplete = AllKeysListed<Exclude<keyof GcpEnvironmentConfig["services"], (typeof GCP_SERVICES_CONFIG_KEYS)[number]>>;

export const GCP_SERVICE_CONFIG_KEYS = [
  "image",
  "imageTag",
  "port",
  "cpu",
  "memory",
  "minInstances",
  "maxInstances",
  "concurrency",
  "timeout",
  "ingress",
  "public",
] as const satisfies readonly (keyof GcpServiceConfig)[];
export type GcpServiceConfigKeysComplete = AllKeysListed<Exclude<keyof GcpServiceConfig, (typeof GCP_SERVICE_CONFIG_KEYS)[number]>>;

export const GCP_VPC_CONFIG_KEYS = ["network", "subnetwork", "egress"] as const satisfies readonly (keyof GcpVpcConfig)[];
export type GcpVpcConfigKeysComplete = AllKeysListed<Exclude<keyof GcpVpcConfig, (typeof GCP_VPC_CONFIG_KEYS)[number]>>;

export const GCP_DEPLOYER_CONFIG_KEYS = ["accountId", "workloadIdentityPrincipals"] as const satisfies readonly (keyof GcpDeployerConfig)[];
export type GcpDeployerConfigKeysComplete = AllKeysListed<Exclude<keyof GcpDeployerConfig, (typeof GCP_DEPLOYER_CONFIG_KEYS)[number]>>;
