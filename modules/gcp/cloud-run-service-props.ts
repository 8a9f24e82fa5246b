import { shortHash } from "../core/naming";
import { booleanValue, integerBetween, lengthBetween, oneOf } from "../core/rules";
import { custom, list, object, optional, props, record, required, type Refinement, type TypeOf } from "../core/schema";
import { GCP_LABELS } from "../core/tags";
import { isUnresolved, receivedInstead } from "../core/validation";
import { ArtifactRegistryRepository } from "./artifact-registry-repository";
import { claimCloudRunEventNames, CLOUD_RUN_EVENTS } from "./events/cloud-run-event";
import {
  CONCURRENCY,
  CONTAINER_PORT,
  CPU,
  ENVIRONMENT_NAME,
  ENVIRONMENT_VALUE_MAX_CHARS,
  IMAGE_URL,
  INGRESS_VALUES,
  INSTANCES,
  MEMORY,
  memoryRangeForCpu,
  NETWORK,
  NETWORK_TAG,
  parseCpu,
  parseMemory,
  PROJECT_ID,
  REGION,
  RESERVED_ENVIRONMENT_NAMES,
  SECRET,
  SECRET_VERSION,
  SERVICE_ACCOUNT_ID,
  SERVICE_ACCOUNT_ID_LENGTH,
  SERVICE_DESCRIPTION_MAX,
  SERVICE_NAME,
  SUBNETWORK,
  TIMEOUT_SECONDS,
  VPC_EGRESS_VALUES,
} from "./gcp-limits";
import { claimLocatedName, claimServiceAccountId } from "./unique-names";

export type { CloudRunIngress, VpcEgress } from "./gcp-limits";
export type { CloudRunEvent, CloudRunPubsubEvent, CloudRunScheduleEvent } from "./events/cloud-run-event";

const SUFFIX = "-run";
/** The suffix of the account whose tokens the service's events push with. */
export const INVOKER_SUFFIX = "-invoker";

/**
 * The runtime service account id of a service: `<serviceName>-run` when it fits in 30 characters,
 * otherwise the name is cut and a hash of the full name keeps it unique. Checked against the 6-30 rule.
 * With `suffix`, the id of another account of the service (its events' invoker, `-invoker`).
 */
export function deriveServiceAccountId(serviceName: string, suffix = SUFFIX): string {
  const full = `${serviceName}${suffix}`;
  if (full.length <= SERVICE_ACCOUNT_ID_LENGTH.max) return full;
  const hash = shortHash(serviceName, 6);
  const room = SERVICE_ACCOUNT_ID_LENGTH.max - suffix.length - hash.length - 1;
  return `${serviceName.slice(0, room).replace(/-+$/, "")}-${hash}${suffix}`;
}

/** Cloud Run's values: a string, at most 32768 characters. */
const ENV_VALUE = custom<string>(`a string of at most ${ENVIRONMENT_VALUE_MAX_CHARS} characters`, (c, prop, value) => {
  if (isUnresolved(value)) return;
  if (typeof value !== "string") c.v.fail(prop, "a string", value);
  else if (value.length > ENVIRONMENT_VALUE_MAX_CHARS) c.v.fail(prop, `at most ${ENVIRONMENT_VALUE_MAX_CHARS} characters`, `${value.length} characters`);
});

/** Names Cloud Run sets itself are refused in `environment` and `secrets`. */
function refuseReservedNames(names: readonly string[], r: Refinement): void {
  for (const name of names) {
    if ((RESERVED_ENVIRONMENT_NAMES as readonly string[]).includes(name)) {
      r.fail(name, `a name Cloud Run does not reserve (${RESERVED_ENVIRONMENT_NAMES.join(", ")} are set by Cloud Run)`, name);
    }
  }
}

const ENVIRONMENT = record(ENV_VALUE, {
  expected: "a map of names to string values",
  key: ENVIRONMENT_NAME,
  refine: (environment, r) => refuseReservedNames(Object.keys(environment), r),
});

const SECRET_ENV = object(
  {
    /** The secret: its id in the service's project, or `projects/<project>/secrets/<id>`. */
    secret: required(SECRET),
    /** `latest` or a version number. @default "latest" */
    version: optional(SECRET_VERSION),
  },
  { expected: "{ secret, version? }" },
);

/** An environment variable read from Secret Manager (`secret_key_ref`). */
export interface CloudRunSecretEnv extends TypeOf<typeof SECRET_ENV> {}

const SECRETS = record(SECRET_ENV.named<CloudRunSecretEnv>(), {
  expected: "a map of environment names to { secret, version? }",
  key: ENVIRONMENT_NAME,
  refine: (secrets, r) => refuseReservedNames(Object.keys(secrets), r),
});

const VPC_ACCESS = object({
  /** The VPC network (name or `projects/<p>/global/networks/<n>`). @default looked up from the subnetwork */
  network: optional(NETWORK),
  /** The subnetwork (name or `projects/<p>/regions/<r>/subnetworks/<s>`), in the service's region. */
  subnetwork: required(SUBNETWORK),
  /** Network tags, for firewall rules. @default none */
  networkTags: optional(list(NETWORK_TAG, { of: "network tags", max: 64 })),
  /**
   * `all-traffic` sends everything through the VPC (needed to reach services whose ingress is
   * `internal`; internet access then needs Cloud NAT); `private-ranges-only` sends only RFC 1918 traffic.
   * @default "private-ranges-only"
   */
  egress: optional(oneOf(VPC_EGRESS_VALUES)),
});

/** Direct VPC egress: the service's instances get addresses in a subnetwork. */
export interface CloudRunVpcAccess extends TypeOf<typeof VPC_ACCESS> {}

const REPOSITORY = custom<ArtifactRegistryRepository>("an ArtifactRegistryRepository", (c, prop, repository) => {
  if (!(repository instanceof ArtifactRegistryRepository)) c.v.fail(prop, "an ArtifactRegistryRepository", receivedInstead(repository));
});

/** The props of `CloudRunService`: a Cloud Run service running as its own service account. */
export const CLOUD_RUN_SERVICE_PROPS = props(
  {
    /** Service name: 1 to 49 lowercase letters, digits or `-`, starting with a letter, not ending with `-`. */
    serviceName: required(SERVICE_NAME),
    /** The region, e.g. `europe-west1`. */
    location: required(REGION),
    /** The project of the service. @default the provider's project */
    project: optional(PROJECT_ID),
    /** The image, with a tag or digest, e.g. from `ArtifactRegistryRepository.imageUrl`. */
    image: required(IMAGE_URL),
    /** The port the container listens on (Cloud Run sets `PORT` to it). @default 8080 */
    containerPort: optional(integerBetween(CONTAINER_PORT.min, CONTAINER_PORT.max)),
    /** vCPU limit: `"1"`, `"2"`, `"4"`, `"6"`, `"8"`, or a fraction below 1 such as `"0.5"`. @default "1" */
    cpu: optional(CPU),
    /** Memory limit, `"512Mi"`, `"2Gi"` (the AWS side's `memorySize` is a number of MB). @default "512Mi" */
    memory: optional(MEMORY),
    /** Instances kept warm: 0 costs nothing when idle, 1 avoids cold starts. @default 0 */
    minInstances: optional(integerBetween(INSTANCES.min, INSTANCES.max, "instances")),
    /** Upper bound of autoscaling, a cost ceiling. @default 100 */
    maxInstances: optional(integerBetween(1, INSTANCES.max, "instances")),
    /** Requests one instance serves at once, 1 to 1000. @default 80 (1 when cpu is below 1) */
    concurrency: optional(integerBetween(CONCURRENCY.min, CONCURRENCY.max, "requests")),
    /** Request timeout in seconds, 1 to 3600 (the same word and unit as the AWS side). @default 300 */
    timeout: optional(integerBetween(TIMEOUT_SECONDS.min, TIMEOUT_SECONDS.max, "seconds")),
    /**
     * Who can reach the service over the network: `all` (internet), `internal` (VPC and Google
     * internal sources), `internal-and-cloud-load-balancing` (internal plus an external Application
     * Load Balancer). Callers still need `run.invoker` unless `allowUnauthenticated`.
     * @default "all"
     */
    ingress: optional(oneOf(INGRESS_VALUES)),
    /** Public: `run.invoker` for `allUsers` on this service. @default false */
    allowUnauthenticated: optional(booleanValue),
    /**
     * With `allowUnauthenticated`, turn off Cloud Run's invoker IAM check (`invoker_iam_disabled`)
     * instead of granting `allUsers`, for organisations whose domain-restricted-sharing policy forbids
     * `allUsers`. @default false
     */
    invokerIamDisabled: optional(booleanValue),
    /** Request-based billing: CPU only while serving requests (`cpu_idle`); `false` for instance-based billing. @default true */
    requestBasedBilling: optional(booleanValue),
    /** More CPU while an instance starts, for shorter cold starts. @default true */
    startupCpuBoost: optional(booleanValue),
    /** Plain environment variables; `PORT`, `K_SERVICE`, `K_REVISION` and `K_CONFIGURATION` are reserved. @default none */
    environment: optional(ENVIRONMENT),
    /**
     * Environment variables read from Secret Manager; the service account gets
     * `secretmanager.secretAccessor` on each of these secrets only. @default none
     */
    secrets: optional(SECRETS),
    /** Direct VPC egress. @default no VPC access */
    vpcAccess: optional(VPC_ACCESS.named<CloudRunVpcAccess>()),
    /** Labels on the service (the provider adds its default labels). @default none */
    labels: optional(GCP_LABELS),
    /** Terraform refuses to destroy the service while true (turn off outside prod to tear down freely). @default true */
    deletionProtection: optional(booleanValue),
    /** The repository the image comes from: the service account gets `artifactregistry.reader` on it. @default no grant */
    repository: optional(REPOSITORY),
    /**
     * The runtime service account id (before `@`), 6 to 30 characters.
     * @default `<serviceName>-run`, shortened with a hash when longer than 30
     */
    serviceAccountId: optional(SERVICE_ACCOUNT_ID),
    /**
     * Leave the image to the deploy pipeline after creation (`DeployerIdentity` and `gcloud run deploy`):
     * Terraform ignores later changes of the image and of the client fields gcloud sets.
     * @default false (Terraform owns the image)
     */
    ignoreImageChanges: optional(booleanValue),
    /**
     * What calls the service besides HTTP clients (the twin of `ServerlessFunction.events`): Pub/Sub push
     * subscriptions (`{ type: "pubsub", topic, ... }`) and Cloud Scheduler jobs (`{ type: "schedule",
     * expression, ... }`). They push with OIDC tokens of one invoker service account made for this
     * service (`<serviceName>-invoker`), which holds `run.invoker` on this service and nothing else.
     * Pub/Sub and Cloud Scheduler of the service's project count as internal sources, so every
     * `ingress` value admits them. @default none
     */
    events: optional(CLOUD_RUN_EVENTS),
    /** The service's description, at most 512 characters. @default none */
    description: optional(lengthBetween(0, SERVICE_DESCRIPTION_MAX)),
  },
  {
    name: "CloudRunService props",
    expected: "an object with at least serviceName, location and image",
    refine(service, r) {
      refineCloudRunService(service, r);
    },
  },
);

export interface CloudRunServiceProps extends TypeOf<typeof CLOUD_RUN_SERVICE_PROPS> {}

/**
 * The rules across fields: the derived service account id, names unique in the stack, CPU and memory
 * that Cloud Run pairs, scaling bounds, a public service only with IAM turned off on purpose, secrets
 * not also plain variables, an image of the given repository.
 */
function refineCloudRunService(props: CloudRunServiceProps, r: Refinement): void {
  const scope = r.scope!;
  const valid = r.v.ok;
  checkDerivedAccountId(props, r);
  claimLocatedName(r.v, scope, "Cloud Run service name", "serviceName", props.serviceName, props.location, props.project);
  claimServiceAccountId(r.v, scope, "serviceAccountId", props.serviceAccountId ?? derivedAccountId(props.serviceName), props.project);
  checkResources(props, r);
  const min = props.minInstances;
  const max = props.maxInstances ?? 100;
  if (typeof min === "number" && typeof max === "number" && !isUnresolved(min) && !isUnresolved(max) && min > max) {
    r.fail("minInstances", `at most maxInstances (${max})`, min);
  }
  if (props.invokerIamDisabled === true && props.allowUnauthenticated !== true) {
    r.fail("invokerIamDisabled", "true only together with allowUnauthenticated: true (it makes the service public)", props.invokerIamDisabled);
  }
  if (props.secrets !== null && typeof props.secrets === "object" && props.environment !== null && typeof props.environment === "object") {
    for (const name of Object.keys(props.secrets)) {
      if (Object.prototype.hasOwnProperty.call(props.environment, name)) r.fail(`secrets.${name}`, "a name not also set in environment", name);
    }
  }
  const repository = props.repository;
  if (repository instanceof ArtifactRegistryRepository) {
    const prefix = `${repository.repositoryUrl}/`;
    if (typeof props.image === "string" && !isUnresolved(props.image) && !isUnresolved(prefix) && !props.image.startsWith(prefix)) {
      r.fail("image", `an image of the given repository (${prefix}...)`, props.image);
    }
  }
  // Event resource names are derived from valid settings only.
  if (Array.isArray(props.events) && props.events.length > 0 && valid && r.v.ok) {
    claimCloudRunEventNames(r.v, scope, props, props.events);
  }
  if (Array.isArray(props.events) && props.events.length > 0) {
    const invoker = typeof props.serviceName === "string" && SERVICE_NAME.test(props.serviceName) ? deriveServiceAccountId(props.serviceName, INVOKER_SUFFIX) : undefined;
    claimServiceAccountId(r.v, scope, "events", invoker, props.project);
  }
}

/** The derived runtime account id, for a valid service name only. */
function derivedAccountId(serviceName: unknown): string | undefined {
  return typeof serviceName === "string" && !isUnresolved(serviceName) && SERVICE_NAME.test(serviceName) ? deriveServiceAccountId(serviceName) : undefined;
}

function checkDerivedAccountId(props: CloudRunServiceProps, r: Refinement): void {
  if (props.serviceAccountId !== undefined) return;
  if (typeof props.serviceName !== "string" || isUnresolved(props.serviceName) || !SERVICE_NAME.test(props.serviceName)) return;
  const derived = deriveServiceAccountId(props.serviceName);
  if (!SERVICE_ACCOUNT_ID.test(derived)) {
    r.fail(
      "serviceName",
      `a name whose derived service account id (<serviceName>${SUFFIX}) is ${SERVICE_ACCOUNT_ID.description}; or set serviceAccountId`,
      `${props.serviceName} (service account id ${derived})`,
    );
  }
}

/** Memory within what the CPU allows (Cloud Run's table); below one CPU, one request at a time and request-based billing. */
function checkResources(props: CloudRunServiceProps, r: Refinement): void {
  const cpuText = props.cpu ?? "1";
  const memoryText = props.memory ?? "512Mi";
  if (isUnresolved(cpuText) || isUnresolved(memoryText) || typeof cpuText !== "string" || typeof memoryText !== "string") return;
  const cpu = parseCpu(cpuText);
  const memory = parseMemory(memoryText);
  if (cpu === undefined) return;
  if (memory !== undefined && MEMORY.test(memoryText)) {
    const range = memoryRangeForCpu(cpu);
    if (memory < range.min || memory > range.max) {
      r.fail("memory", `from ${range.min}Mi to ${range.max}Mi with cpu "${cpuText}" (Cloud Run's vCPU and memory table)`, memoryText);
    }
  }
  if (cpu < 1) {
    if (props.concurrency !== undefined && !isUnresolved(props.concurrency) && props.concurrency !== 1) {
      r.fail("concurrency", `1 when cpu is below 1 (cpu "${cpuText}")`, props.concurrency);
    }
    if (props.requestBasedBilling === false) {
      r.fail("requestBasedBilling", `true (request-based billing) when cpu is below 1 (cpu "${cpuText}")`, props.requestBasedBilling);
    }
  }
}
