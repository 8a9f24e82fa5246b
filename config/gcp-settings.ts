/** The Google Cloud side of an environment (`gcp` in `config/<env>.ts`): its schema, and the types derived from it. */
import { ARTIFACT_REGISTRY_REPOSITORY_PROPS } from "../modules/gcp/artifact-registry-repository-props";
import { CLOUD_RUN_SERVICE_PROPS } from "../modules/gcp/cloud-run-service-props";
import { DEPLOYER_IDENTITY_PROPS } from "../modules/gcp/deployer-identity-props";
import { CLEANUP_DAYS, CLEANUP_KEEP_COUNT, IMAGE_NAME, PROJECT_ID, PROJECT_NUMBER, REGION, TAG_OR_DIGEST } from "../modules/gcp/gcp-limits";
import { booleanValue, integerBetween, matches, oneOf } from "../modules/core/rules";
import { object, optional, required, type TypeOf } from "../modules/core/schema";
import { isUnresolved } from "../modules/core/validation";

/** The settings below are props of the GCP constructs: the same rules. */
const REPOSITORY_PROPS = ARTIFACT_REGISTRY_REPOSITORY_PROPS.fields;
const SERVICE_PROPS = CLOUD_RUN_SERVICE_PROPS.fields;
const VPC_PROPS = CLOUD_RUN_SERVICE_PROPS.fields.vpcAccess.schema.fields;
const DEPLOYER_PROPS = DEPLOYER_IDENTITY_PROPS.fields;

/** GCS bucket names: 3 to 63 lowercase letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit. */
export const GCS_BUCKET = matches(/^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/, "a GCS bucket name (3 to 63 lowercase letters, digits, -, _ and .)");

const REPOSITORY = object({
  /** The Artifact Registry repository id (in the environment's project and region). */
  repositoryId: required(REPOSITORY_PROPS.repositoryId.schema),
  /** Refuse to move a tag once pushed. An environment may turn it off (e.g. dev re-pushing `:dev`). */
  immutableTags: required(REPOSITORY_PROPS.immutableTags.schema),
  /** Cleanup policies only report what they would delete. */
  cleanupDryRun: required(REPOSITORY_PROPS.cleanupDryRun.schema),
  /** Untagged images are deleted after this many days. @default 7 */
  deleteUntaggedAfterDays: optional(integerBetween(CLEANUP_DAYS.min, CLEANUP_DAYS.max, "days")),
  /** Versions of each image kept whatever else matches. @default 10 */
  keepMostRecent: optional(integerBetween(CLEANUP_KEEP_COUNT.min, CLEANUP_KEEP_COUNT.max, "versions")),
  /**
   * Customer-managed key (`projects/<p>/locations/<region>/keyRings/<r>/cryptoKeys/<k>`) that encrypts
   * the images; the Artifact Registry service agent needs encrypter/decrypter on it. Set at creation only.
   * @default Google-managed encryption
   */
  kmsKeyName: optional(REPOSITORY_PROPS.kmsKeyName.schema),
});

export interface GcpRepositoryConfig extends TypeOf<typeof REPOSITORY> {}

const SERVICE = object(
  {
    /** The image name in the repository, e.g. `frontend`. */
    image: required(IMAGE_NAME),
    /** The tag (or `sha256:` digest) Terraform deploys; pushed to the repository before apply. */
    imageTag: required(TAG_OR_DIGEST),
    /** The port the container listens on. */
    port: required(SERVICE_PROPS.containerPort.schema),
    /** vCPU, e.g. `"1"`. */
    cpu: required(SERVICE_PROPS.cpu.schema),
    /** e.g. `"512Mi"`. */
    memory: required(SERVICE_PROPS.memory.schema),
    /** Instances kept warm. */
    minInstances: required(SERVICE_PROPS.minInstances.schema),
    /** Upper bound of autoscaling. */
    maxInstances: required(SERVICE_PROPS.maxInstances.schema),
    /** Requests one instance serves at once. @default 80 */
    concurrency: optional(SERVICE_PROPS.concurrency.schema),
    /** Seconds. @default 300 */
    timeout: optional(SERVICE_PROPS.timeout.schema),
    /** Who can reach the service over the network. */
    ingress: required(SERVICE_PROPS.ingress.schema),
    /** Anyone on the internet may call it (no IAM authentication). */
    public: required(booleanValue),
  },
  {
    refine(s, r) {
      if (typeof s.minInstances === "number" && typeof s.maxInstances === "number" && s.minInstances > s.maxInstances) {
        r.fail("minInstances", `at most maxInstances (${s.maxInstances})`, s.minInstances);
      }
      if (s.public === true && s.ingress === "internal") {
        r.fail("ingress", `"all" or "internal-and-cloud-load-balancing" for a public service (internal is unreachable from the internet)`, s.ingress);
      }
    },
  },
);

export interface GcpServiceConfig extends TypeOf<typeof SERVICE> {}

const SERVICES = object({
  /** The public web site. */
  frontend: required(SERVICE.named<GcpServiceConfig>()),
  /** The internal API the frontend calls. */
  backend: required(SERVICE.named<GcpServiceConfig>()),
});

/** The two services of the sample: a public frontend and an internal backend. */
export interface GcpServicesConfig extends TypeOf<typeof SERVICES> {}

const VPC = object({
  /** The VPC network. @default looked up from the subnetwork */
  network: optional(VPC_PROPS.network.schema),
  /** The subnetwork, in the environment's region. */
  subnetwork: required(VPC_PROPS.subnetwork.schema),
  /** What goes through the VPC. @default "all-traffic" (the frontend reaches the internal backend through the VPC) */
  egress: optional(VPC_PROPS.egress.schema),
});

export interface GcpVpcConfig extends TypeOf<typeof VPC> {}

const DEPLOYER = object({
  /** Service account id of the deployer (6 to 30 characters). */
  accountId: required(DEPLOYER_PROPS.accountId.schema),
  /** Workload Identity Federation principals of the CI system. @default none */
  workloadIdentityPrincipals: optional(DEPLOYER_PROPS.workloadIdentityPrincipals.schema),
});

export interface GcpDeployerConfig extends TypeOf<typeof DEPLOYER> {}

/** The `gcp` section of an environment. */
export const GCP_SETTINGS = object(
  {
    /** The Google Cloud project id. */
    projectId: required(PROJECT_ID),
    /**
     * The project's number (Cloud console, project settings): workload identity principals and
     * providers are named by it. Required when the environment has deployer identities (a GitHub
     * repository in config/project.ts, or `backend: "cloud"`). @default none
     */
    projectNumber: optional(PROJECT_NUMBER),
    /** The region of the services and the repository, e.g. `europe-west1`. */
    region: required(REGION),
    /** The Artifact Registry repository of the images. */
    repository: required(REPOSITORY.named<GcpRepositoryConfig>()),
    /** The two services of the sample: a public frontend and an internal backend. */
    services: required(SERVICES.named<GcpServicesConfig>()),
    /** Direct VPC egress for the frontend (needed to call a backend whose ingress is `internal`). @default none */
    vpc: optional(VPC.named<GcpVpcConfig>()),
    /**
     * Make public services public with `invoker_iam_disabled` instead of an `allUsers` grant (for
     * organisations whose domain-restricted-sharing policy forbids `allUsers`). @default false
     */
    invokerIamDisabled: optional(SERVICE_PROPS.invokerIamDisabled.schema),
    /** A deployer identity for the CI pipeline. @default none */
    deployer: optional(DEPLOYER.named<GcpDeployerConfig>()),
    /** Where the GCP stacks keep their state: the AWS state bucket (`s3`) or a GCS bucket. @default "s3" */
    stateBackend: optional(oneOf(["s3", "gcs"] as const)),
    /** The GCS bucket, required when `stateBackend` is `gcs`. @default none */
    gcsStateBucket: optional(GCS_BUCKET),
  },
  {
    expected: "the Google Cloud settings of the environment",
    refine(gcp, r) {
      if (gcp.stateBackend === "gcs") {
        if (gcp.gcsStateBucket === undefined || gcp.gcsStateBucket === null || gcp.gcsStateBucket === "") r.fail("gcsStateBucket", "set (it is required)", gcp.gcsStateBucket);
      } else if (gcp.gcsStateBucket !== undefined) {
        r.fail("gcsStateBucket", `unset unless stateBackend is "gcs"`, gcp.gcsStateBucket);
      }
    },
  },
);

export interface GcpEnvironmentConfig extends TypeOf<typeof GCP_SETTINGS> {}

const GCP_LABEL_VALUE = matches(/^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u, "a GCP label value: up to 63 lowercase letters, digits, _ or -");

/** The provider's default labels carry the project's name and owner: on GCP they must be valid label values. */
export function checkProjectLabels(project: { readonly name?: unknown; readonly owner?: unknown } | undefined, fail: (prop: string, rule: string, received: unknown) => void): void {
  for (const [key, label] of [["owner", "owner"], ["name", "project"]] as const) {
    const value = project?.[key];
    if (value === undefined || isUnresolved(value)) continue;
    if (!GCP_LABEL_VALUE.test(value as string)) fail(`project.${key}`, `${GCP_LABEL_VALUE.description} (it is the ${label} label on GCP)`, value);
  }
}
