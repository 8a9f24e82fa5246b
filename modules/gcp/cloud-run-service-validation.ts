import { checkAgainstStack, labelsAddedByProvider } from "../core/stack-context";
import type { IConstruct } from "constructs";
import { shortHash } from "../core/naming";
import { booleanValue, integerBetween, lengthBetween, oneOf } from "../core/rules";
import { validateGcpLabels } from "../core/tags";
import { isUnresolved, receivedInstead, Validator } from "../core/validation";
import { ArtifactRegistryRepository } from "./artifact-registry-repository";
import { validateCloudRunEvents } from "./events/cloud-run-event";
import { CLOUD_RUN_SERVICE_PROP_KEYS, type CloudRunServiceProps, SECRET_ENV_KEYS, VPC_ACCESS_KEYS } from "./cloud-run-service-props";
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

/** Throws one ValidationError listing every problem of a CloudRunService's props. */
export function validateCloudRunServiceProps(scope: IConstruct, props: CloudRunServiceProps): void {
  const v = new Validator("CloudRunService props", scope.node.path);
  if (!v.props(props, CLOUD_RUN_SERVICE_PROP_KEYS, "an object with at least serviceName, location and image")) v.throwIfInvalid();
  v.required("serviceName", props.serviceName).check("serviceName", props.serviceName, SERVICE_NAME);
  v.required("location", props.location).check("location", props.location, REGION);
  v.check("project", props.project, PROJECT_ID);
  v.required("image", props.image).check("image", props.image, IMAGE_URL);
  v.check("description", props.description, lengthBetween(0, SERVICE_DESCRIPTION_MAX));
  validateServiceAccountId(v, props);
  claimLocatedName(v, scope, "Cloud Run service name", "serviceName", props.serviceName, props.location, props.project);
  claimServiceAccountId(v, scope, "serviceAccountId", props.serviceAccountId ?? derivedAccountId(props.serviceName), props.project);
  v.check("containerPort", props.containerPort, integerBetween(CONTAINER_PORT.min, CONTAINER_PORT.max));
  validateResources(v, props);
  validateScaling(v, props);
  v.check("timeout", props.timeout, integerBetween(TIMEOUT_SECONDS.min, TIMEOUT_SECONDS.max, "seconds"));
  v.check("ingress", props.ingress, oneOf(INGRESS_VALUES));
  v.check("allowUnauthenticated", props.allowUnauthenticated, booleanValue);
  v.check("invokerIamDisabled", props.invokerIamDisabled, booleanValue);
  if (props.invokerIamDisabled === true && props.allowUnauthenticated !== true) {
    v.fail("invokerIamDisabled", "true only together with allowUnauthenticated: true (it makes the service public)", props.invokerIamDisabled);
  }
  v.check("requestBasedBilling", props.requestBasedBilling, booleanValue);
  v.check("startupCpuBoost", props.startupCpuBoost, booleanValue);
  v.check("deletionProtection", props.deletionProtection, booleanValue);
  v.check("ignoreImageChanges", props.ignoreImageChanges, booleanValue);
  validateEnvironment(v, props);
  validateSecrets(v, props);
  validateVpcAccess(v, props.vpcAccess);
  checkAgainstStack(v, scope, "google", "CloudRunService props", (v, { google }) => validateGcpLabels(v, "labels", props.labels, labelsAddedByProvider(google)));
  validateRepository(v, props);
  validateCloudRunEvents(v, scope, props, props.events);
  if (Array.isArray(props.events) && props.events.length > 0) {
    const invoker = typeof props.serviceName === "string" && SERVICE_NAME.test(props.serviceName) ? deriveServiceAccountId(props.serviceName, INVOKER_SUFFIX) : undefined;
    claimServiceAccountId(v, scope, "events", invoker, props.project);
  }
  v.throwIfInvalid();
}

/** The derived runtime account id, for a valid service name only. */
function derivedAccountId(serviceName: unknown): string | undefined {
  return typeof serviceName === "string" && !isUnresolved(serviceName) && SERVICE_NAME.test(serviceName) ? deriveServiceAccountId(serviceName) : undefined;
}

function validateServiceAccountId(v: Validator, props: CloudRunServiceProps): void {
  if (props.serviceAccountId !== undefined) {
    v.check("serviceAccountId", props.serviceAccountId, SERVICE_ACCOUNT_ID);
    return;
  }
  if (typeof props.serviceName !== "string" || isUnresolved(props.serviceName) || !SERVICE_NAME.test(props.serviceName)) return;
  const derived = deriveServiceAccountId(props.serviceName);
  if (!SERVICE_ACCOUNT_ID.test(derived)) {
    v.fail(
      "serviceName",
      `a name whose derived service account id (<serviceName>${SUFFIX}) is ${SERVICE_ACCOUNT_ID.description}; or set serviceAccountId`,
      `${props.serviceName} (service account id ${derived})`,
    );
  }
}

function validateResources(v: Validator, props: CloudRunServiceProps): void {
  v.check("cpu", props.cpu, CPU);
  v.check("memory", props.memory, MEMORY);
  const cpuText = props.cpu ?? "1";
  const memoryText = props.memory ?? "512Mi";
  if (isUnresolved(cpuText) || isUnresolved(memoryText)) return;
  const cpu = parseCpu(cpuText);
  const memory = parseMemory(memoryText);
  if (cpu === undefined) return;
  if (memory !== undefined && MEMORY.test(memoryText)) {
    const range = memoryRangeForCpu(cpu);
    if (memory < range.min || memory > range.max) {
      v.fail("memory", `from ${range.min}Mi to ${range.max}Mi with cpu "${cpuText}" (Cloud Run's vCPU and memory table)`, memoryText);
    }
  }
  if (cpu < 1) {
    if (props.concurrency !== undefined && !isUnresolved(props.concurrency) && props.concurrency !== 1) {
      v.fail("concurrency", `1 when cpu is below 1 (cpu "${cpuText}")`, props.concurrency);
    }
    if (props.requestBasedBilling === false) {
      v.fail("requestBasedBilling", `true (request-based billing) when cpu is below 1 (cpu "${cpuText}")`, props.requestBasedBilling);
    }
  }
}

function validateScaling(v: Validator, props: CloudRunServiceProps): void {
  v.check("minInstances", props.minInstances, integerBetween(INSTANCES.min, INSTANCES.max, "instances"));
  v.check("maxInstances", props.maxInstances, integerBetween(1, INSTANCES.max, "instances"));
  v.check("concurrency", props.concurrency, integerBetween(CONCURRENCY.min, CONCURRENCY.max, "requests"));
  const min = props.minInstances;
  const max = props.maxInstances ?? 100;
  if (typeof min === "number" && typeof max === "number" && !isUnresolved(min) && !isUnresolved(max) && min > max) {
    v.fail("minInstances", `at most maxInstances (${max})`, min);
  }
}

function validateEnvironment(v: Validator, props: CloudRunServiceProps): void {
  const environment = props.environment;
  if (environment === undefined) return;
  if (typeof environment !== "object" || environment === null || Array.isArray(environment)) {
    v.fail("environment", "a map of names to string values", environment);
    return;
  }
  for (const [name, value] of Object.entries(environment)) {
    validateEnvName(v, "environment", name);
    if (isUnresolved(value)) continue;
    if (typeof value !== "string") v.fail(`environment.${name}`, "a string", value);
    else if (value.length > ENVIRONMENT_VALUE_MAX_CHARS) {
      v.fail(`environment.${name}`, `at most ${ENVIRONMENT_VALUE_MAX_CHARS} characters`, `${value.length} characters`);
    }
  }
}

function validateEnvName(v: Validator, prop: string, name: string): void {
  v.check(`${prop} key`, name, ENVIRONMENT_NAME);
  if ((RESERVED_ENVIRONMENT_NAMES as readonly string[]).includes(name)) {
    v.fail(`${prop}.${name}`, `a name Cloud Run does not reserve (${RESERVED_ENVIRONMENT_NAMES.join(", ")} are set by Cloud Run)`, name);
  }
}

function validateSecrets(v: Validator, props: CloudRunServiceProps): void {
  const secrets = props.secrets;
  if (secrets === undefined) return;
  if (typeof secrets !== "object" || secrets === null || Array.isArray(secrets)) {
    v.fail("secrets", "a map of environment names to { secret, version? }", secrets);
    return;
  }
  for (const [name, ref] of Object.entries(secrets)) {
    validateEnvName(v, "secrets", name);
    if (props.environment && Object.prototype.hasOwnProperty.call(props.environment, name)) {
      v.fail(`secrets.${name}`, "a name not also set in environment", name);
    }
    if (ref === null || typeof ref !== "object") {
      v.fail(`secrets.${name}`, "{ secret, version? }", ref);
      continue;
    }
    v.onlyKnownKeys(`secrets.${name}`, ref, SECRET_ENV_KEYS);
    v.required(`secrets.${name}.secret`, ref.secret).check(`secrets.${name}.secret`, ref.secret, SECRET);
    v.check(`secrets.${name}.version`, ref.version, SECRET_VERSION);
  }
}

function validateVpcAccess(v: Validator, vpc: CloudRunServiceProps["vpcAccess"]): void {
  if (!v.object("vpcAccess", vpc, VPC_ACCESS_KEYS, "{ network?, subnetwork, networkTags?, egress? }")) return;
  v.required("vpcAccess.subnetwork", vpc.subnetwork).check("vpcAccess.subnetwork", vpc.subnetwork, SUBNETWORK);
  v.check("vpcAccess.network", vpc.network, NETWORK);
  v.check("vpcAccess.egress", vpc.egress, oneOf(VPC_EGRESS_VALUES));
  v.list("vpcAccess.networkTags", vpc.networkTags, { of: "network tags", max: 64, item: NETWORK_TAG });
}

function validateRepository(v: Validator, props: CloudRunServiceProps): void {
  const repository = props.repository;
  if (repository === undefined) return;
  if (!(repository instanceof ArtifactRegistryRepository)) {
    v.fail("repository", "an ArtifactRegistryRepository", receivedInstead(repository));
    return;
  }
  const prefix = `${repository.repositoryUrl}/`;
  if (typeof props.image === "string" && !isUnresolved(props.image) && !isUnresolved(prefix) && !props.image.startsWith(prefix)) {
    v.fail("image", `an image of the given repository (${prefix}...)`, props.image);
  }
}
