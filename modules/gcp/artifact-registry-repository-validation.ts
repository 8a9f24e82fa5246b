import { checkAgainstStack, labelsAddedByProvider } from "../core/stack-context";
import type { IConstruct } from "constructs";
import { booleanValue, firstDuplicate, integerBetween, lengthBetween, matches, oneOf } from "../core/rules";
import { validateGcpLabels } from "../core/tags";
import { isUnresolved, type Rule, Validator } from "../core/validation";
import {
  ARTIFACT_REGISTRY_REPOSITORY_PROP_KEYS,
  type ArtifactRegistryCleanupPolicy,
  type ArtifactRegistryRepositoryProps,
  CLEANUP_POLICIES_KEYS,
  CLEANUP_POLICY_KEYS,
  isCleanupPolicyList,
} from "./artifact-registry-repository-props";
import {
  CLEANUP_DAYS,
  CLEANUP_KEEP_COUNT,
  KMS_KEY_NAME,
  MAX_CLEANUP_POLICIES,
  PROJECT_ID,
  REPOSITORY_ID,
  REPOSITORY_LOCATION,
} from "./gcp-limits";
import { claimLocatedName } from "./unique-names";

const TEXT: Rule<string> = { description: "a string", test: (v) => typeof v === "string" };

/** Throws one ValidationError listing every problem of an ArtifactRegistryRepository's props. */
export function validateArtifactRegistryRepositoryProps(scope: IConstruct, props: ArtifactRegistryRepositoryProps): void {
  const v = new Validator("ArtifactRegistryRepository props", scope.node.path);
  if (!v.props(props, ARTIFACT_REGISTRY_REPOSITORY_PROP_KEYS, "an object with at least repositoryId and location")) v.throwIfInvalid();
  v.required("repositoryId", props.repositoryId).check("repositoryId", props.repositoryId, REPOSITORY_ID);
  v.required("location", props.location).check("location", props.location, REPOSITORY_LOCATION);
  v.check("project", props.project, PROJECT_ID);
  claimLocatedName(v, scope, "repository id", "repositoryId", props.repositoryId, props.location, props.project);
  v.check("description", props.description, TEXT);
  v.check("immutableTags", props.immutableTags, booleanValue);
  v.check("cleanupDryRun", props.cleanupDryRun, booleanValue);
  v.check("vulnerabilityScanning", props.vulnerabilityScanning, booleanValue);
  validateKmsKey(v, props);
  validateCleanupPolicies(v, props.cleanupPolicies);
  checkAgainstStack(v, scope, "google", "ArtifactRegistryRepository props", (v, { google }) => validateGcpLabels(v, "labels", props.labels, labelsAddedByProvider(google)));
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
  if (isCleanupPolicyList(policies)) {
    validateExplicitPolicies(v, policies);
    return;
  }
  if (policies === null || typeof policies !== "object") {
    v.fail("cleanupPolicies", "false, { deleteUntaggedAfterDays?, keepMostRecent?, deleteAnyAfterDays? } or a list of policies", policies);
    return;
  }
  v.onlyKnownKeys("cleanupPolicies", policies, CLEANUP_POLICIES_KEYS);
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

const POLICY_ID = matches(/^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/, "1 to 63 lowercase letters, digits or -, starting with a letter");

function validateExplicitPolicies(v: Validator, policies: readonly ArtifactRegistryCleanupPolicy[]): void {
  if (policies.length === 0 || policies.length > MAX_CLEANUP_POLICIES) {
    v.fail("cleanupPolicies", `a list of 1 to ${MAX_CLEANUP_POLICIES} policies (or false for none)`, `${policies.length} policies`);
  }
  const days = integerBetween(CLEANUP_DAYS.min, CLEANUP_DAYS.max, "days");
  policies.forEach((p, i) => {
    const at = `cleanupPolicies[${i}]`;
    if (p === null || typeof p !== "object" || Array.isArray(p)) {
      v.fail(at, "{ id, action, tagState?, olderThanDays?, newerThanDays?, tagPrefixes?, packageNamePrefixes?, keepCount? }", p);
      return;
    }
    v.onlyKnownKeys(at, p, CLEANUP_POLICY_KEYS);
    v.required(`${at}.id`, p.id).check(`${at}.id`, p.id, POLICY_ID);
    v.required(`${at}.action`, p.action).check(`${at}.action`, p.action, oneOf(["DELETE", "KEEP"] as const));
    v.check(`${at}.tagState`, p.tagState, oneOf(["TAGGED", "UNTAGGED", "ANY"] as const));
    v.check(`${at}.olderThanDays`, p.olderThanDays, days);
    v.check(`${at}.newerThanDays`, p.newerThanDays, days);
    v.check(`${at}.keepCount`, p.keepCount, integerBetween(CLEANUP_KEEP_COUNT.min, CLEANUP_KEEP_COUNT.max, "versions"));
    for (const key of ["tagPrefixes", "packageNamePrefixes"] as const) {
      v.list(`${at}.${key}`, p[key], { of: "non-empty prefixes", min: 1, item: lengthBetween(1, 1000) });
    }
    const versionCondition = [p.tagState, p.olderThanDays, p.newerThanDays, p.tagPrefixes].some((x) => x !== undefined);
    if (p.keepCount !== undefined) {
      if (p.action !== "KEEP") v.fail(`${at}.keepCount`, "set only on a KEEP policy", p.keepCount);
      if (versionCondition) {
        v.fail(at, "either keepCount (optionally with packageNamePrefixes) or a condition (tagState, olderThanDays, newerThanDays, tagPrefixes), not both", p);
      }
    } else if (!versionCondition && p.packageNamePrefixes === undefined) {
      v.fail(`${at}`, "a condition (tagState, olderThanDays, newerThanDays, tagPrefixes or packageNamePrefixes) or, for KEEP, a keepCount", p);
    }
    if (p.tagPrefixes !== undefined && p.tagState === "UNTAGGED") v.fail(`${at}.tagPrefixes`, "unset when tagState is UNTAGGED", p.tagPrefixes);
  });
  const duplicate = firstDuplicate(policies.filter((p) => p && typeof p === "object"), (p) => String(p.id));
  if (duplicate !== undefined) v.fail("cleanupPolicies", "policies with distinct ids", duplicate);
}
