/** Typed Google Cloud settings of one environment; `gcp-validation.ts` checks them when the config loads. */
import type { CloudRunIngress, VpcEgress } from "../modules/gcp/gcp-limits";

export interface GcpRepositoryConfig {
  /** The Artifact Registry repository id (in the environment's project and region). */
  readonly repositoryId: string;
  /** Refuse to move a tag once pushed. An environment may turn it off (e.g. dev re-pushing `:dev`). */
  readonly immutableTags: boolean;
  /** Cleanup policies only report what they would delete. */
  readonly cleanupDryRun: boolean;
  /** @default 7 */
  readonly deleteUntaggedAfterDays?: number;
  /** @default 10 */
  readonly keepMostRecent?: number;
  /**
   * Customer-managed key (`projects/<p>/locations/<region>/keyRings/<r>/cryptoKeys/<k>`) that encrypts
   * the images; the Artifact Registry service agent needs encrypter/decrypter on it. Set at creation only.
   * @default Google-managed encryption
   */
  readonly kmsKeyName?: string;
}

export interface GcpServiceConfig {
  /** The image name in the repository, e.g. `frontend`. */
  readonly image: string;
  /** The tag (or `sha256:` digest) Terraform deploys; pushed to the repository before apply. */
  readonly imageTag: string;
  readonly port: number;
  /** vCPU, e.g. `"1"`. */
  readonly cpu: string;
  /** e.g. `"512Mi"`. */
  readonly memory: string;
  readonly minInstances: number;
  readonly maxInstances: number;
  /** @default 80 */
  readonly concurrency?: number;
  /** Seconds. @default 300 */
  readonly timeout?: number;
  readonly ingress: CloudRunIngress;
  /** Anyone on the internet may call it (no IAM authentication). */
  readonly public: boolean;
}

export interface GcpVpcConfig {
  /** @default looked up from the subnetwork */
  readonly network?: string;
  readonly subnetwork: string;
  /** @default "all-traffic" (the frontend reaches the internal backend through the VPC) */
  readonly egress?: VpcEgress;
}

export interface GcpDeployerConfig {
  /** Service account id of the deployer (6 to 30 characters). */
  readonly accountId: string;
  /** Workload Identity Federation principals of the CI system. @default none */
  readonly workloadIdentityPrincipals?: readonly string[];
}

export interface GcpEnvironmentConfig {
  /** The Google Cloud project id. */
  readonly projectId: string;
  /** The region of the services and the repository, e.g. `europe-west1`. */
  readonly region: string;
  readonly repository: GcpRepositoryConfig;
  /** The two services of the sample: a public frontend and an internal backend. */
  readonly services: {
    readonly frontend: GcpServiceConfig;
    readonly backend: GcpServiceConfig;
  };
  /** Direct VPC egress for the frontend (needed to call a backend whose ingress is `internal`). @default none */
  readonly vpc?: GcpVpcConfig;
  /**
   * Make public services public with `invoker_iam_disabled` instead of an `allUsers` grant (for
   * organisations whose domain-restricted-sharing policy forbids `allUsers`). @default false
   */
  readonly invokerIamDisabled?: boolean;
  /** A deployer identity for the CI pipeline. @default none */
  readonly deployer?: GcpDeployerConfig;
  /** Where the GCP stacks keep their state: the AWS state bucket (`s3`) or a GCS bucket. @default "s3" */
  readonly stateBackend?: "s3" | "gcs";
  /** The GCS bucket, required when `stateBackend` is `gcs`. */
  readonly gcsStateBucket?: string;
}
