import type { ArtifactRegistryRepository } from "./artifact-registry-repository";
import type { CloudRunEvent } from "./events/cloud-run-event";
import type { CloudRunIngress, VpcEgress } from "./gcp-limits";
import type { AllKeysListed } from "../core/known-keys";

export type { CloudRunIngress, VpcEgress } from "./gcp-limits";
export type { CloudRunEvent, CloudRunPubsubEvent, CloudRunScheduleEvent } from "./events/cloud-run-event";

/** An environment variable read from Secret Manager (`secret_key_ref`). */
export interface CloudRunSecretEnv {
  /** The secret: its id in the service's project, or `projects/<project>/secrets/<id>`. */
  readonly secret: string;
  /** `latest` or a version number. @default "latest" */
  readonly version?: string;
}

/** Every key of `CloudRunSecretEnv`, for refusing unknown ones. */
export const SECRET_ENV_KEYS = ["secret", "version"] as const satisfies readonly (keyof CloudRunSecretEnv)[];
export type SecretEnvKeysComplete = AllKeysListed<Exclude<keyof CloudRunSecretEnv, (typeof SECRET_ENV_KEYS)[number]>>;

/** Direct VPC egress: the service's instances get addresses in a subnetwork. */
export interface CloudRunVpcAccess {
  /** The VPC network (name or `projects/<p>/global/networks/<n>`). @default looked up from the subnetwork */
  readonly network?: string;
  /** The subnetwork (name or `projects/<p>/regions/<r>/subnetworks/<s>`), in the service's region. */
  readonly subnetwork: string;
  /** Network tags, for firewall rules. @default none */
  readonly networkTags?: readonly string[];
  /**
   * `all-traffic` sends everything through the VPC (needed to reach services whose ingress is
   * `internal`; internet access then needs Cloud NAT); `private-ranges-only` sends only RFC 1918 traffic.
   * @default "private-ranges-only"
   */
  readonly egress?: VpcEgress;
}

/** Every key of `CloudRunVpcAccess`, for refusing unknown ones (e.g. a Serverless VPC Access `connector`). */
export const VPC_ACCESS_KEYS = ["network", "subnetwork", "networkTags", "egress"] as const satisfies readonly (keyof CloudRunVpcAccess)[];
export type VpcAccessKeysComplete = AllKeysListed<Exclude<keyof CloudRunVpcAccess, (typeof VPC_ACCESS_KEYS)[number]>>;

export interface CloudRunServiceProps {
  /** Service name: 1 to 49 lowercase letters, digits or `-`, starting with a letter, not ending with `-`. */
  readonly serviceName: string;
  /** The region, e.g. `europe-west1`. */
  readonly location: string;
  /** @default the provider's project */
  readonly project?: string;
  /** The image, with a tag or digest, e.g. from `ArtifactRegistryRepository.imageUrl`. */
  readonly image: string;
  /** The port the container listens on (Cloud Run sets `PORT` to it). @default 8080 */
  readonly containerPort?: number;
  /** vCPU limit: `"1"`, `"2"`, `"4"`, `"6"`, `"8"`, or a fraction below 1 such as `"0.5"`. @default "1" */
  readonly cpu?: string;
  /** Memory limit, `"512Mi"`, `"2Gi"` (the AWS side's `memorySize` is a number of MB). @default "512Mi" */
  readonly memory?: string;
  /** Instances kept warm: 0 costs nothing when idle, 1 avoids cold starts. @default 0 */
  readonly minInstances?: number;
  /** Upper bound of autoscaling, a cost ceiling. @default 100 */
  readonly maxInstances?: number;
  /** Requests one instance serves at once, 1 to 1000. @default 80 (1 when cpu is below 1) */
  readonly concurrency?: number;
  /** Request timeout in seconds, 1 to 3600 (the same word and unit as the AWS side). @default 300 */
  readonly timeout?: number;
  /**
   * Who can reach the service over the network: `all` (internet), `internal` (VPC and Google
   * internal sources), `internal-and-cloud-load-balancing` (internal plus an external Application
   * Load Balancer). Callers still need `run.invoker` unless `allowUnauthenticated`.
   * @default "all"
   */
  readonly ingress?: CloudRunIngress;
  /** Public: `run.invoker` for `allUsers` on this service. @default false */
  readonly allowUnauthenticated?: boolean;
  /**
   * With `allowUnauthenticated`, turn off Cloud Run's invoker IAM check (`invoker_iam_disabled`)
   * instead of granting `allUsers`, for organisations whose domain-restricted-sharing policy forbids
   * `allUsers`. @default false
   */
  readonly invokerIamDisabled?: boolean;
  /** Request-based billing: CPU only while serving requests (`cpu_idle`); `false` for instance-based billing. @default true */
  readonly requestBasedBilling?: boolean;
  /** More CPU while an instance starts, for shorter cold starts. @default true */
  readonly startupCpuBoost?: boolean;
  /** Plain environment variables; `PORT`, `K_SERVICE`, `K_REVISION` and `K_CONFIGURATION` are reserved. @default none */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Environment variables read from Secret Manager; the service account gets
   * `secretmanager.secretAccessor` on each of these secrets only. @default none
   */
  readonly secrets?: Readonly<Record<string, CloudRunSecretEnv>>;
  /** Direct VPC egress. @default no VPC access */
  readonly vpcAccess?: CloudRunVpcAccess;
  /** Labels on the service (the provider adds its default labels). @default none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Terraform refuses to destroy the service while true (turn off outside prod to tear down freely). @default true */
  readonly deletionProtection?: boolean;
  /** The repository the image comes from: the service account gets `artifactregistry.reader` on it. @default no grant */
  readonly repository?: ArtifactRegistryRepository;
  /**
   * The runtime service account id (before `@`), 6 to 30 characters.
   * @default `<serviceName>-run`, shortened with a hash when longer than 30
   */
  readonly serviceAccountId?: string;
  /**
   * Leave the image to the deploy pipeline after creation (`DeployerIdentity` and `gcloud run deploy`):
   * Terraform ignores later changes of the image and of the client fields gcloud sets.
   * @default false (Terraform owns the image)
   */
  readonly ignoreImageChanges?: boolean;
  /**
   * What calls the service besides HTTP clients (the twin of `ServerlessFunction.events`): Pub/Sub push
   * subscriptions (`{ type: "pubsub", topic, ... }`) and Cloud Scheduler jobs (`{ type: "schedule",
   * expression, ... }`). They push with OIDC tokens of one invoker service account made for this
   * service (`<serviceName>-invoker`), which holds `run.invoker` on this service and nothing else.
   * Pub/Sub and Cloud Scheduler of the service's project count as internal sources, so every
   * `ingress` value admits them. @default none
   */
  readonly events?: readonly CloudRunEvent[];
  /** @default none */
  readonly description?: string;
}

/** Every key of `CloudRunServiceProps`, for refusing unknown (misspelt, other-cloud) props. */
export const CLOUD_RUN_SERVICE_PROP_KEYS = [
  "serviceName",
  "location",
  "project",
  "image",
  "containerPort",
  "cpu",
  "memory",
  "minInstances",
  "maxInstances",
  "concurrency",
  "timeout",
  "ingress",
  "allowUnauthenticated",
  "invokerIamDisabled",
  "requestBasedBilling",
  "startupCpuBoost",
  "environment",
  "secrets",
  "vpcAccess",
  "labels",
  "deletionProtection",
  "repository",
  "serviceAccountId",
  "ignoreImageChanges",
  "events",
  "description",
] as const satisfies readonly (keyof CloudRunServiceProps)[];
export type CloudRunServicePropKeysComplete = AllKeysListed<Exclude<keyof CloudRunServiceProps, (typeof CLOUD_RUN_SERVICE_PROP_KEYS)[number]>>;
