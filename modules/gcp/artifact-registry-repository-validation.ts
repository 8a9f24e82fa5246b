import { booleanValue, integerBetween } from "../core/rules";
import { validateGcpLabels } from "../core/tags";
import { isUnresolved, type Rule, Validator } from "../core/validation";
import type { ArtifactRegistryRepositoryProps } from "./artifact-registry-repository-props";
import { CLEANUP_DAYS, CLEANUP_KEEP_COUNT, KMS_KEY_NAME, PROJECT_ID, REPOSITORY_ID, REPOSITORY_LOCATION } from "./gcp-limits";

const TEXT: Rule<string> = { description: "a string", test: (v) => typeof v === "string" };

/** Throws one ValidationError listing every problem of an ArtifactRegistryRepository's props. */
export function validateArtifactRegistryRepositoryProps(path: string, props: ArtifactRegistryRepositoryProps): void {
  const v = new Validator("ArtifactRegistryRepository props", path);
  if (props === null || typeof props !== "object") {
    v.fail("props", "an object with at least repositoryId and location", props).throwIfInvalid();
  }
  v.required("repositoryId", props.repositoryId).check("repositoryId", props.repositoryId, REPOSITORY_ID);
  v.required("location", props.location).check("location", props.location, REPOSITORY_LOCATION);
  v.check("project", props.project, PROJECT_ID);
  v.check("description", props.description, TEXT);
  v.check("immutableTags", props.immutableTags, booleanValue);
  v.check("cleanupDryRun", props.cleanupDryRun, booleanValue);
  v.check("vulnerabilityScanning", props.vulnerabilityScanning, booleanValue);
  validateKmsKey(v, props);
  validateCleanupPolicies(v, props.cleanupPolicies);
  validateGcpLabels(v, "labels", props.labels);
  v.throwIfInvalid();
}

function validateKmsKey(v: Validator, props: ArtifactRegistryRepositoryProps): void {
  const key = props.kmsKeyName;
  v.check("kmsKeyName", key, KMS_KEY_NAME);
  if (typeof key !== "string" || isUnresolved(key) || !KMS_KEY_NAME.test(key)) return;
  const keyLocation = key.split("/")[3];
  if (typeof props.location === "string" && !isUnresolved(props.location) && keyLocation !== props.location) {
    v.fail("kmsKeyName", `a key in the repository's location (${props.location})`, key);
  }
}

function validateCleanupPolicies(v: Validator, policies: ArtifactRegistryRepositoryProps["cleanupPolicies"]): void {
  if (policies === undefined || policies === false) return;
  if (policies === null || typeof policies !== "object" || Array.isArray(policies)) {
    v.fail("cleanupPolicies", "false or { deleteUntaggedAfterDays?, keepMostRecent?, deleteAnyAfterDays? }", policies);
    return;
  }
  const known = ["deleteUntaggedAfterDays", "keepMostRecent", "deleteAnyAfterDays"];
  for (const key of Object.keys(policies)) {
    if (!known.includes(key)) v.fail(`cleanupPolicies.${key}`, `one of the known policies ${known.join(", ")}`, key);
  }
  const days = integerBetween(CLEANUP_DAYS.min, CLEANUP_DAYS.max, "days");
  for (const key of ["deleteUntaggedAfterDays", "deleteAnyAfterDays"] as const) {
    const value = policies[key];
    if (value !== false) v.check(`cleanupPolicies.${key}`, value, { description: `false or ${days.description}`, test: days.test });
  }
  const keep = policies.keepMostRecent;
  if (keep !== false) {
    const count = integerBetween(CLEANUP_KEEP_COUNT.min, CLEANUP_KEEP_COUNT.max, "versions");
    v.check("cleanupPolicies.keepMostRecent", keep, { description: `false or ${count.description}`, test: count.test });
  }
}
