import { booleanValue, integerBetween, matches, oneOf } from "../modules/core/rules";
import type { Validator } from "../modules/core/validation";
import { checkNotPoolWide } from "../modules/core/policy/gcp-principals";
import {
  KMS_KEY_NAME,
  CLEANUP_DAYS,
  CLEANUP_KEEP_COUNT,
  CONCURRENCY,
  CONTAINER_PORT,
  CPU,
  IMAGE_NAME,
  INGRESS_VALUES,
  INSTANCES,
  MEMORY,
  NETWORK,
  PROJECT_ID,
  REGION,
  REPOSITORY_ID,
  SERVICE_ACCOUNT_ID,
  SUBNETWORK,
  TAG_OR_DIGEST,
  TIMEOUT_SECONDS,
  VPC_EGRESS_VALUES,
  WORKLOAD_IDENTITY_PRINCIPAL,
} from "../modules/gcp/gcp-limits";
import type { GcpEnvironmentConfig, GcpServiceConfig } from "./gcp-types";
import type { ProjectConfig } from "./types";
import {
  GCP_CONFIG_KEYS,
  GCP_DEPLOYER_CONFIG_KEYS,
  GCP_REPOSITORY_CONFIG_KEYS,
  GCP_SERVICE_CONFIG_KEYS,
  GCP_SERVICES_CONFIG_KEYS,
  GCP_VPC_CONFIG_KEYS,
} from "./keys";

/** GCS bucket names: 3 to 63 lowercase letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit. */
export const GCS_BUCKET = matches(/^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/, "a GCS bucket name (3 to 63 lowercase letters, digits, -, _ and .)");
const GCP_LABEL_VALUE = matches(/^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u, "a GCP label value: up to 63 lowercase letters, digits, _ or -");

/** Checks the `gcp` section of an environment (skipped when the environment has none). */
export function validateGcpConfig(v: Validator, gcp: GcpEnvironmentConfig | undefined, project: ProjectConfig | undefined): void {
  if (!v.object("gcp", gcp, GCP_CONFIG_KEYS, "the Google Cloud settings of the environment")) return;
  // The provider's default labels carry the project name and owner: they must be valid label values.
  v.check("project.owner", project?.owner, { ...GCP_LABEL_VALUE, description: `${GCP_LABEL_VALUE.description} (it is the owner label on GCP)` });
  v.check("project.name", project?.name, { ...GCP_LABEL_VALUE, description: `${GCP_LABEL_VALUE.description} (it is the project label on GCP)` });

  v.required("gcp.projectId", gcp.projectId).check("gcp.projectId", gcp.projectId, PROJECT_ID);
  v.required("gcp.region", gcp.region).check("gcp.region", gcp.region, REGION);

  const repo = gcp.repository;
  const repoRule = "{ repositoryId, immutableTags, cleanupDryRun, deleteUntaggedAfterDays?, keepMostRecent?, kmsKeyName? }";
  if (repo === undefined) v.fail("gcp.repository", repoRule, repo);
  else if (v.object("gcp.repository", repo, GCP_REPOSITORY_CONFIG_KEYS, repoRule)) {
    v.required("gcp.repository.repositoryId", repo.repositoryId).check("gcp.repository.repositoryId", repo.repositoryId, REPOSITORY_ID);
    v.required("gcp.repository.immutableTags", repo.immutableTags).check("gcp.repository.immutableTags", repo.immutableTags, booleanValue);
    v.required("gcp.repository.cleanupDryRun", repo.cleanupDryRun).check("gcp.repository.cleanupDryRun", repo.cleanupDryRun, booleanValue);
    v.check("gcp.repository.deleteUntaggedAfterDays", repo.deleteUntaggedAfterDays, integerBetween(CLEANUP_DAYS.min, CLEANUP_DAYS.max, "days"));
    v.check("gcp.repository.keepMostRecent", repo.keepMostRecent, integerBetween(CLEANUP_KEEP_COUNT.min, CLEANUP_KEEP_COUNT.max, "versions"));
    v.check("gcp.repository.kmsKeyName", repo.kmsKeyName, KMS_KEY_NAME);
  }

  const services = gcp.services;
  if (services === undefined) v.fail("gcp.services", "{ frontend, backend }", services);
  else if (v.object("gcp.services", services, GCP_SERVICES_CONFIG_KEYS, "{ frontend, backend }")) {
    validateService(v, "gcp.services.frontend", services.frontend);
    validateService(v, "gcp.services.backend", services.backend);
  }

  if (v.object("gcp.vpc", gcp.vpc, GCP_VPC_CONFIG_KEYS, "{ network?, subnetwork, egress? }")) {
    v.required("gcp.vpc.subnetwork", gcp.vpc?.subnetwork).check("gcp.vpc.subnetwork", gcp.vpc?.subnetwork, SUBNETWORK);
    v.check("gcp.vpc.network", gcp.vpc?.network, NETWORK);
    v.check("gcp.vpc.egress", gcp.vpc?.egress, oneOf(VPC_EGRESS_VALUES));
  }
  v.check("gcp.invokerIamDisabled", gcp.invokerIamDisabled, booleanValue);

  if (v.object("gcp.deployer", gcp.deployer, GCP_DEPLOYER_CONFIG_KEYS, "{ accountId, workloadIdentityPrincipals? }")) {
    v.required("gcp.deployer.accountId", gcp.deployer?.accountId).check("gcp.deployer.accountId", gcp.deployer?.accountId, SERVICE_ACCOUNT_ID);
    v.list("gcp.deployer.workloadIdentityPrincipals", gcp.deployer?.workloadIdentityPrincipals, { of: "principals", item: WORKLOAD_IDENTITY_PRINCIPAL });
    checkNotPoolWide(v, "gcp.deployer.workloadIdentityPrincipals", gcp.deployer?.workloadIdentityPrincipals);
  }

  v.check("gcp.stateBackend", gcp.stateBackend, oneOf(["s3", "gcs"] as const));
  if (gcp.stateBackend === "gcs") {
    v.required("gcp.gcsStateBucket", gcp.gcsStateBucket);
  } else if (gcp.gcsStateBucket !== undefined) {
    v.fail("gcp.gcsStateBucket", `unset unless stateBackend is "gcs"`, gcp.gcsStateBucket);
  }
  v.check("gcp.gcsStateBucket", gcp.gcsStateBucket, GCS_BUCKET);
}

function validateService(v: Validator, at: string, s: GcpServiceConfig | undefined): void {
  const rule = "{ image, imageTag, port, cpu, memory, minInstances, maxInstances, concurrency?, timeout?, ingress, public }";
  if (s === undefined) v.fail(at, rule, s);
  if (!v.object(at, s, GCP_SERVICE_CONFIG_KEYS, rule)) return;
  v.required(`${at}.image`, s.image).check(`${at}.image`, s.image, IMAGE_NAME);
  v.required(`${at}.imageTag`, s.imageTag).check(`${at}.imageTag`, s.imageTag, TAG_OR_DIGEST);
  v.required(`${at}.port`, s.port).check(`${at}.port`, s.port, integerBetween(CONTAINER_PORT.min, CONTAINER_PORT.max));
  v.required(`${at}.cpu`, s.cpu).check(`${at}.cpu`, s.cpu, CPU);
  v.required(`${at}.memory`, s.memory).check(`${at}.memory`, s.memory, MEMORY);
  v.required(`${at}.minInstances`, s.minInstances).check(`${at}.minInstances`, s.minInstances, integerBetween(INSTANCES.min, INSTANCES.max, "instances"));
  v.required(`${at}.maxInstances`, s.maxInstances).check(`${at}.maxInstances`, s.maxInstances, integerBetween(1, INSTANCES.max, "instances"));
  if (typeof s.minInstances === "number" && typeof s.maxInstances === "number" && s.minInstances > s.maxInstances) {
    v.fail(`${at}.minInstances`, `at most maxInstances (${s.maxInstances})`, s.minInstances);
  }
  v.check(`${at}.concurrency`, s.concurrency, integerBetween(CONCURRENCY.min, CONCURRENCY.max, "requests"));
  v.check(`${at}.timeout`, s.timeout, integerBetween(TIMEOUT_SECONDS.min, TIMEOUT_SECONDS.max, "seconds"));
  v.required(`${at}.ingress`, s.ingress).check(`${at}.ingress`, s.ingress, oneOf(INGRESS_VALUES));
  v.required(`${at}.public`, s.public).check(`${at}.public`, s.public, booleanValue);
  if (s.public === true && s.ingress === "internal") {
    v.fail(`${at}.ingress`, `"all" or "internal-and-cloud-load-balancing" for a public service (internal is unreachable from the internet)`, s.ingress);
  }
}
