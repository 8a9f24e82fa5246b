/**
 * Google Cloud limits and formats the GCP constructs (and config/load.ts) check at synth, in one place.
 * Sources: Cloud Run "Configure CPU limits", "Configure memory limits", "Maximum concurrent requests",
 * "Request timeout", "Container runtime contract" (reserved environment variables) and service naming;
 * Artifact Registry repository naming and cleanup policies; IAM service account ids; Resource Manager
 * project ids; google provider 6.50 resource docs (`google_cloud_run_v2_service`,
 * `google_artifact_registry_repository`).
 */
import { GCP_REGION, isGcpRegion } from "../core/regions";
import { matches } from "../core/rules";
import type { Rule } from "../core/validation";

/** Project id: 6 to 30 lowercase letters, digits or hyphens, starting with a letter, not ending with a hyphen. */
export const PROJECT_ID = matches(
  /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/,
  "a project id: 6 to 30 lowercase letters, digits or -, starting with a letter, not ending with -",
);

/** Project number: the numeric id Google gives a project (workload identity names use it). */
export const PROJECT_NUMBER = matches(/^[1-9]\d{5,19}$/, "a project number (digits, e.g. 123456789012)");

/** A region such as `europe-west1`, `us-central1`, `northamerica-northeast1`. */
export const REGION: Rule<string> = GCP_REGION;

/** Artifact Registry multi-regions (besides every region). */
export const MULTI_REGIONS = ["asia", "europe", "us"] as const;
export const REPOSITORY_LOCATION: Rule<string> = {
  description: "a region such as europe-west1 (<continent>-<direction><number>), or the multi-region asia, europe or us",
  test: (v) => isGcpRegion(v) || (MULTI_REGIONS as readonly string[]).includes(v),
};

/** Artifact Registry repository id: lowercase letters, digits and hyphens, starting with a letter, at most 63. */
export const REPOSITORY_ID = matches(
  /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
  "1 to 63 lowercase letters, digits or -, starting with a letter, not ending with -",
);

/** Cloud Run service name: lowercase letters, digits and hyphens, starting with a letter, no trailing hyphen, at most 49. */
export const SERVICE_NAME_MAX = 49;
export const SERVICE_NAME = matches(
  /^[a-z](?:[a-z0-9-]{0,47}[a-z0-9])?$/,
  `1 to ${SERVICE_NAME_MAX} lowercase letters, digits or -, starting with a letter, not ending with -`,
);

/** IAM service account id (the part before `@`): 6 to 30 characters. */
export const SERVICE_ACCOUNT_ID_LENGTH = { min: 6, max: 30 } as const;
export const SERVICE_ACCOUNT_ID = matches(
  /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/,
  "a service account id: 6 to 30 lowercase letters, digits or -, starting with a letter, not ending with -",
);

export const CONTAINER_PORT = { min: 1, max: 65535 } as const;
export const CONCURRENCY = { min: 1, max: 1000 } as const;
/** Request timeout in seconds. */
export const TIMEOUT_SECONDS = { min: 1, max: 3600 } as const;
/** Instances per revision; more than 1000 needs a quota increase, which this project does not assume. */
export const INSTANCES = { min: 0, max: 1000 } as const;

/** vCPU: a fraction from 0.08 to below 1, or one of these whole numbers. */
export const WHOLE_CPUS = [1, 2, 4, 6, 8] as const;
export const MIN_FRACTIONAL_CPU = 0.08;
/** Memory in MiB. */
export const MEMORY_MIB = { min: 128, max: 32768 } as const;

/** Memory a CPU setting allows, in MiB (Cloud Run's vCPU and memory table). */
export function memoryRangeForCpu(cpu: number): { min: number; max: number } {
  if (cpu < 0.5) return { min: MEMORY_MIB.min, max: 512 };
  if (cpu < 1) return { min: MEMORY_MIB.min, max: 1024 };
  if (cpu === 1) return { min: MEMORY_MIB.min, max: 4096 };
  if (cpu === 2) return { min: MEMORY_MIB.min, max: 8192 };
  if (cpu === 4) return { min: 2048, max: 16384 };
  if (cpu === 6) return { min: 4096, max: 24576 };
  return { min: 4096, max: 32768 };
}

/**
 * The number of vCPUs of a Cloud Run CPU limit (`"1"`, `"2"`, `"0.5"`, `"500m"`), or undefined
 * when the text is not a CPU quantity Cloud Run accepts.
 */
export function parseCpu(text: string): number | undefined {
  if (typeof text !== "string") return undefined;
  let value: number;
  const milli = /^([1-9][0-9]{0,4})m$/.exec(text);
  if (milli) value = Number(milli[1]) / 1000;
  else if (/^(0|[1-9][0-9]?)(\.[0-9]{1,3})?$/.test(text)) value = Number(text);
  else return undefined;
  if (value >= MIN_FRACTIONAL_CPU && value < 1) return value;
  return (WHOLE_CPUS as readonly number[]).includes(value) ? value : undefined;
}

/** MiB of a Cloud Run memory limit (`"512Mi"`, `"2Gi"`), or undefined when it is not in that form. */
export function parseMemory(text: string): number | undefined {
  if (typeof text !== "string") return undefined;
  const m = /^([1-9][0-9]{0,5})(Mi|Gi)$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * (m[2] === "Gi" ? 1024 : 1);
}

export const CPU: Rule<string> = {
  description: `a vCPU count: "1", "2", "4", "6" or "8", or a fraction from "${MIN_FRACTIONAL_CPU}" to below "1" (or millicores such as "500m")`,
  test: (v) => parseCpu(v) !== undefined,
};

export const MEMORY: Rule<string> = {
  description: `a memory size in Mi or Gi from ${MEMORY_MIB.min}Mi to ${MEMORY_MIB.max / 1024}Gi, such as "512Mi" or "2Gi"`,
  test: (v) => {
    const mib = parseMemory(v);
    return mib !== undefined && mib >= MEMORY_MIB.min && mib <= MEMORY_MIB.max;
  },
};

/** The words of the public API and what Cloud Run calls them. */
export const INGRESS = {
  all: "INGRESS_TRAFFIC_ALL",
  internal: "INGRESS_TRAFFIC_INTERNAL_ONLY",
  "internal-and-cloud-load-balancing": "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
} as const;
export type CloudRunIngress = keyof typeof INGRESS;
export const INGRESS_VALUES = Object.keys(INGRESS) as CloudRunIngress[];

export const VPC_EGRESS = {
  "all-traffic": "ALL_TRAFFIC",
  "private-ranges-only": "PRIVATE_RANGES_ONLY",
} as const;
export type VpcEgress = keyof typeof VPC_EGRESS;
export const VPC_EGRESS_VALUES = Object.keys(VPC_EGRESS) as VpcEgress[];

/** Environment variables Cloud Run sets itself in every service container; a service may not set them. */
export const RESERVED_ENVIRONMENT_NAMES = ["PORT", "K_SERVICE", "K_REVISION", "K_CONFIGURATION"] as const;
export const ENVIRONMENT_NAME = matches(/^[A-Za-z_][A-Za-z0-9_]*$/, "a C identifier: a letter or _ followed by letters, digits or _");
export const ENVIRONMENT_VALUE_MAX_CHARS = 32768;

/** Service description limit (google_cloud_run_v2_service). */
export const SERVICE_DESCRIPTION_MAX = 512;

/** Secret Manager secret: an id in the service's project, or a full name in any project. */
export const SECRET = matches(
  /^(projects\/[a-z0-9-]{1,30}\/secrets\/)?[A-Za-z0-9_-]{1,255}$/,
  "a secret id (letters, digits, - or _, at most 255) or projects/<project>/secrets/<id>",
);
export const SECRET_VERSION = matches(/^(latest|[1-9][0-9]*)$/, `"latest" or a version number such as "3"`);

/** A Docker image name inside a repository (`frontend`, `team/api`). */
export const IMAGE_NAME = matches(
  /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/,
  "an image name of lowercase letters, digits, . _ - and / between path parts",
);
const TAG = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
const DIGEST = "sha256:[a-f0-9]{64}";
export const TAG_OR_DIGEST = matches(
  new RegExp(`^(${TAG}|@?${DIGEST})$`),
  "a tag (letters, digits, _ . -, at most 128, not starting with . or -) or a digest sha256:<64 hex>",
);
/** A full image reference with an explicit tag or digest (never an implicit `latest`). */
export const IMAGE_URL = matches(
  new RegExp(
    `^(?:[a-z0-9.-]+(?::[0-9]+)?/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::${TAG}(?:@${DIGEST})?|@${DIGEST})$`,
  ),
  "an image URL <registry>/<path> with a :tag or an @sha256: digest, e.g. europe-west1-docker.pkg.dev/<project>/<repo>/<image>:<tag>",
);

/** A Cloud KMS key (CMEK). */
export const KMS_KEY_NAME = matches(
  /^projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]\/locations\/[a-z0-9-]+\/keyRings\/[A-Za-z0-9_-]{1,63}\/cryptoKeys\/[A-Za-z0-9_-]{1,63}$/,
  "a Cloud KMS key name projects/<project>/locations/<location>/keyRings/<ring>/cryptoKeys/<key> (not a key version, not another service's key)",
);

/** RFC 1035 names: VPC networks, subnetworks and network tags. */
const RFC1035 = "[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?";
export const NETWORK = matches(
  new RegExp(`^(${RFC1035}|projects/[a-z0-9-]+/global/networks/${RFC1035})$`),
  "a VPC network name or projects/<project>/global/networks/<name>",
);
export const SUBNETWORK = matches(
  new RegExp(`^(${RFC1035}|projects/[a-z0-9-]+/regions/[a-z0-9-]+/subnetworks/${RFC1035})$`),
  "a subnetwork name or projects/<project>/regions/<region>/subnetworks/<name>",
);
export const NETWORK_TAG = matches(new RegExp(`^${RFC1035}$`), "a network tag: 1 to 63 lowercase letters, digits or -, starting with a letter");

/** IAM principals a grant may name; `allUsers` and `allAuthenticatedUsers` are refused for repository grants. */
export const MEMBER = matches(
  /^((user|serviceAccount|group|domain):[^\s]+|principal(Set)?:\/\/[^\s]+)$/,
  "an IAM principal such as serviceAccount:<email>, user:<email>, group:<email>, domain:<domain> or principal(Set)://...",
);
export const PUBLIC_MEMBERS = ["allUsers", "allAuthenticatedUsers"] as const;
/** Workload Identity Federation principals (for a CI system that impersonates the deployer). */
export const WORKLOAD_IDENTITY_PRINCIPAL = matches(
  /^principal(Set)?:\/\/iam\.googleapis\.com\/[^\s]+$/,
  "a Workload Identity Federation principal, principal://iam.googleapis.com/... or principalSet://iam.googleapis.com/...",
);

export const CLEANUP_DAYS = { min: 1, max: 3650 } as const;
export const CLEANUP_KEEP_COUNT = { min: 1, max: 10000 } as const;
/** Cleanup policies per repository. */
export const MAX_CLEANUP_POLICIES = 10;

/** `<location>-docker.pkg.dev`: the Docker host of an Artifact Registry location. */
export function dockerHost(location: string): string {
  return `${location}-docker.pkg.dev`;
}

/**
 * Pub/Sub and Cloud Scheduler (the `events` of a Cloud Run service). Sources: Pub/Sub "Resource names",
 * "Subscription properties" (ack deadline, retry policy, dead-letter topics, filters), Cloud Scheduler
 * `projects.locations.jobs` (name, attempt deadline, time zone) and google provider 6.50
 * (`google_pubsub_subscription`, `google_cloud_scheduler_job`).
 */
const PUBSUB_ID = "[A-Za-z][A-Za-z0-9._~+%-]{2,254}";
/** A topic: its id in the service's project, or `projects/<project>/topics/<id>` (a `google_pubsub_topic`'s `id`). */
export const PUBSUB_TOPIC = matches(
  new RegExp(`^(projects/[a-z][a-z0-9-]{4,28}[a-z0-9]/topics/)?(?!goog)${PUBSUB_ID}$`),
  "a topic id (3 to 255 letters, digits or - _ . ~ + %, starting with a letter, not with goog) or projects/<project>/topics/<id>",
);
export const PUBSUB_SUBSCRIPTION_NAME_MAX = 255;
/** Seconds Pub/Sub waits for the push endpoint's answer before it redelivers. */
export const ACK_DEADLINE_SECONDS = { min: 10, max: 600 } as const;
export const MAX_DELIVERY_ATTEMPTS = { min: 5, max: 100 } as const;
/** Exponential backoff between redeliveries. */
export const RETRY_BACKOFF_SECONDS = { min: 0, max: 600 } as const;
export const PUBSUB_FILTER_MAX_BYTES = 256;
/** How long Cloud Scheduler waits for an HTTP target. */
export const SCHEDULER_ATTEMPT_DEADLINE_SECONDS = { min: 15, max: 1800 } as const;
export const SCHEDULER_JOB_NAME_MAX = 500;
export const SCHEDULER_DESCRIPTION_MAX = 500;

/** The path (and query) a push or a scheduled call requests on the service. */
export const REQUEST_PATH = matches(
  /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*(\?[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*)?$/,
  "a path starting with / (URL characters only, an optional ?query, no #fragment), e.g. /tasks/nightly-report",
);
export const REQUEST_PATH_MAX = 2048;
