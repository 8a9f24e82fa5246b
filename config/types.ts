/** Typed settings of one environment; `load.ts` validates them before any stack is built. */
import type { GcpEnvironmentConfig } from "./gcp-types";

export type * from "./gcp-types";

export const ENVIRONMENTS = ["dev", "stg", "prod"] as const;
export type EnvironmentName = (typeof ENVIRONMENTS)[number];

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

export interface AwsEnvironmentConfig {
  readonly region: string;
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
  readonly environment: EnvironmentName;
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
