/** Typed settings of one environment; `load.ts` validates them before any stack is built. */
import type { GcpEnvironmentConfig } from "./gcp-types";

export type * from "./gcp-types";

/** The name of an environment: the name of its file, `config/<env>.ts` (see environments.ts). */
export type EnvironmentName = string;

/** Settings every environment shares. */
export interface ProjectConfig {
  /** Short name used in resource names and state keys: lowercase letters, digits and `-`. */
  readonly name: string;
  /** Team or address that owns the resources (the `Owner` tag). */
  readonly owner: string;
}

export interface AwsVpcConfig {
  readonly vpcId: string;
  /** Private subnets for Lambda ENIs, one per availability zone. */
  readonly subnetIds: readonly string[];
}

export interface AwsFunctionDefaults {
  /** MB */
  readonly memorySize: number;
  /** seconds */
  readonly timeout: number;
  readonly tracing: boolean;
  readonly deadLetterQueue: boolean;
  /** @default none */
  readonly reservedConcurrency?: number;
}

/** Another region an environment's AWS side runs in: one more stack, `aws-<env>-<region>`. */
export interface AwsRegionConfig {
  readonly region: string;
  /** VPCs are regional: the primary region's `vpc` does not carry over. @default functions outside any VPC */
  readonly vpc?: AwsVpcConfig;
}

export interface AwsEnvironmentConfig {
  /** The primary region: its stack is `aws-<env>` and its names carry no region. */
  readonly region: string;
  /**
   * More regions, each its own stack `aws-<env>-<region>` in the same account, whose names carry the
   * region (`<project>-<env>-<region>-<name>`) so that account-global ones (IAM roles) never collide.
   * Everything but `region` and `vpc` is shared with the primary region. @default none
   */
  readonly additionalRegions?: readonly AwsRegionConfig[];
  /** The only account the provider may touch (`allowed_account_ids`). */
  readonly accountId: string;
  /** Remote state: the bucket created by the `state-bootstrap` stack, and its region. */
  readonly stateBucket: string;
  readonly stateRegion: string;
  /**
   * The account that owns the state bucket (a shared tooling account, say). Environments in other
   * accounts get access to their own key prefix only, through the bucket policy.
   * @default the environment's own account
   */
  readonly stateAccountId?: string;
  /** @default functions outside any VPC */
  readonly vpc?: AwsVpcConfig;
  readonly logRetentionDays: number;
  readonly functions: AwsFunctionDefaults;
  /** Origins allowed by the API's CORS settings. @default no CORS */
  readonly corsAllowOrigins?: readonly string[];
}

/** HCP Terraform (Terraform Cloud): where runs and state live when an environment chooses `backend: "cloud"`. */
export interface HcpTerraformConfig {
  /** The HCP Terraform organization. */
  readonly organization: string;
  /** @default "app.terraform.io" (set it for Terraform Enterprise) */
  readonly hostname?: string;
  /** The HCP Terraform project that holds the workspaces. @default the organization's default project */
  readonly project?: string;
}

export interface EnvironmentConfig {
  /** The name of the file, `config/<env>.ts`. */
  readonly environment: EnvironmentName;
  /**
   * The environment deployed (and verified) before this one: the deploy workflow deploys this one
   * only after that one succeeded, and lists environments in that order. @default none (deployed first)
   */
  readonly promotedFrom?: EnvironmentName;
  readonly project: ProjectConfig;
  /**
   * Where the environment's stacks keep state and run: their own remote state (`remote`: S3 for AWS,
   * S3 or GCS for GCP) or HCP Terraform (`cloud`: one workspace per stack, `<project>-<stack>`).
   * @default "remote"
   */
  readonly backend?: "remote" | "cloud";
  /** Required when `backend` is `cloud`. */
  readonly cloud?: HcpTerraformConfig;
  readonly aws: AwsEnvironmentConfig;
  /** The Google Cloud side (the gcp-<env> stacks). @default no GCP stack for the environment */
  readonly gcp?: GcpEnvironmentConfig;
}

/** What an environment file declares; the project part is shared. */
export type EnvironmentFile = Omit<EnvironmentConfig, "project">;
