import { booleanValue, firstDuplicate, integerBetween, lengthBetween, matches, oneOf } from "../core/rules";
import { either, isObjectValue, list, object, optional, props, required, rule, type TypeOf } from "../core/schema";
import { GCP_LABELS } from "../core/tags";
import { isUnresolved, type Rule } from "../core/validation";
import { CLEANUP_DAYS, CLEANUP_KEEP_COUNT, KMS_KEY_NAME, MAX_CLEANUP_POLICIES, PROJECT_ID, REPOSITORY_ID, REPOSITORY_LOCATION } from "./gcp-limits";
import { claimLocatedName } from "./unique-names";

const TEXT: Rule<string> = { description: "a string", test: (v) => typeof v === "string" };
const DAYS = integerBetween(CLEANUP_DAYS.min, CLEANUP_DAYS.max, "days");
const VERSIONS = integerBetween(CLEANUP_KEEP_COUNT.min, CLEANUP_KEEP_COUNT.max, "versions");

/** `false`, or a number the rule accepts. */
function orFalse(rule: Rule<number>): Rule<number | false> {
  return { description: `false or ${rule.description}`, test: (v) => v === false || rule.test(v) };
}

const CLEANUP_POLICIES = object({
  /** Delete untagged images (left behind when a tag moves or a build is re-pushed) older than this many days. @default 7 */
  deleteUntaggedAfterDays: optional(orFalse(DAYS)),
  /** Keep this many most recent versions of each image, whatever a delete policy matches. @default 10 */
  keepMostRecent: optional(orFalse(VERSIONS)),
  /** Delete any version, tagged or not, older than this many days (except those kept). @default false (off) */
  deleteAnyAfterDays: optional(orFalse(DAYS)),
});

/**
 * The default cleanup policies of a repository. Artifact Registry applies KEEP policies before DELETE
 * policies: a version kept by `keepMostRecent` is never deleted. `false` turns a policy off.
 */
export interface ArtifactRegistryCleanupPolicies extends TypeOf<typeof CLEANUP_POLICIES> {}

const PREFIXES = list(lengthBetween(1, 1000), { of: "non-empty prefixes", min: 1 });

const CLEANUP_POLICY = object(
  {
    /** Policy id: 1 to 63 lowercase letters, digits or `-`, starting with a letter. */
    id: required(matches(/^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/, "1 to 63 lowercase letters, digits or -, starting with a letter")),
    /** `KEEP` policies win over `DELETE` policies. */
    action: required(oneOf(["DELETE", "KEEP"] as const)),
    /** Which versions the policy matches by tag: tagged, untagged or any. @default "ANY" */
    tagState: optional(oneOf(["TAGGED", "UNTAGGED", "ANY"] as const)),
    /** Matches versions older than this many days. @default any age */
    olderThanDays: optional(DAYS),
    /** Matches versions newer than this many days. @default any age */
    newerThanDays: optional(DAYS),
    /** Matches versions with a tag starting with one of these. @default any tag */
    tagPrefixes: optional(PREFIXES),
    /** Matches images whose name starts with one of these. @default every image */
    packageNamePrefixes: optional(PREFIXES),
    /** KEEP only: keep this many most recent versions (instead of a condition). @default none */
    keepCount: optional(VERSIONS),
  },
  {
    expected: "{ id, action, tagState?, olderThanDays?, newerThanDays?, tagPrefixes?, packageNamePrefixes?, keepCount? }",
    refine(p, r) {
      const versionCondition = [p.tagState, p.olderThanDays, p.newerThanDays, p.tagPrefixes].some((x) => x !== undefined);
      if (p.keepCount !== undefined) {
        if (p.action !== "KEEP") r.fail("keepCount", "set only on a KEEP policy", p.keepCount);
        if (versionCondition) {
          r.fail(undefined, "either keepCount (optionally with packageNamePrefixes) or a condition (tagState, olderThanDays, newerThanDays, tagPrefixes), not both", p);
        }
      } else if (!versionCondition && p.packageNamePrefixes === undefined) {
        r.fail(undefined, "a condition (tagState, olderThanDays, newerThanDays, tagPrefixes or packageNamePrefixes) or, for KEEP, a keepCount", p);
      }
      if (p.tagPrefixes !== undefined && p.tagState === "UNTAGGED") r.fail("tagPrefixes", "unset when tagState is UNTAGGED", p.tagPrefixes);
    },
  },
);

/** One explicit cleanup policy, for needs the defaults do not cover (e.g. keep every `v*` release tag). */
export interface ArtifactRegistryCleanupPolicy extends TypeOf<typeof CLEANUP_POLICY> {}

export const EXPLICIT_CLEANUP_POLICIES = list(CLEANUP_POLICY.named<ArtifactRegistryCleanupPolicy>(), {
  of: "policies",
  refine(policies, r) {
    if (policies.length === 0 || policies.length > MAX_CLEANUP_POLICIES) {
      r.fail(undefined, `a list of 1 to ${MAX_CLEANUP_POLICIES} policies (or false for none)`, `${policies.length} policies`);
    }
    const duplicate = firstDuplicate(policies.filter((p) => p && typeof p === "object"), (p) => String(p.id));
    if (duplicate !== undefined) r.fail(undefined, "policies with distinct ids", duplicate);
  },
});
export const DEFAULT_CLEANUP_POLICIES_SCHEMA = CLEANUP_POLICIES.named<ArtifactRegistryCleanupPolicies>();
const CLEANUP_RULE = "false, { deleteUntaggedAfterDays?, keepMostRecent?, deleteAnyAfterDays? } or a list of policies";

/** The default policies tuned (an object), explicit policies (a list), or none (`false`). */
const CLEANUP = either(CLEANUP_RULE, [
  { when: (v) => v === false, schema: rule<false>({ description: "false", test: (v) => v === false }) },
  { when: Array.isArray, schema: EXPLICIT_CLEANUP_POLICIES },
  { when: isObjectValue, schema: DEFAULT_CLEANUP_POLICIES_SCHEMA },
]);

/** The props of `ArtifactRegistryRepository`. */
export const ARTIFACT_REGISTRY_REPOSITORY_PROPS = props(
  {
    /** Repository id: 1 to 63 lowercase letters, digits or `-`, starting with a letter, not ending with `-`. */
    repositoryId: required(REPOSITORY_ID),
    /** A region (`europe-west1`), or the multi-region `asia`, `europe` or `us`. */
    location: required(REPOSITORY_LOCATION),
    /** The project of the repository. @default the provider's project */
    project: optional(PROJECT_ID),
    /** The repository's description. @default none */
    description: optional(TEXT),
    /** Refuse to move or delete a tag once pushed (a release tag always means the same image). @default true */
    immutableTags: optional(booleanValue),
    /**
     * The default cleanup policies, tuned (an object); or explicit policies (a list, at most 10) that
     * replace them; or `false` for none.
     * @default { deleteUntaggedAfterDays: 7, keepMostRecent: 10 }
     */
    cleanupPolicies: optional(CLEANUP),
    /**
     * Cleanup policies only report what they would delete (Artifact Registry's dry run); `false` makes
     * them delete. Start in dry run, read the audit logs, then turn it off.
     * @default true
     */
    cleanupDryRun: optional(booleanValue),
    /**
     * Scan pushed images for vulnerabilities (`INHERITED`: on when the project has the Container
     * Scanning API enabled); `false` disables scanning for this repository.
     * @default true
     */
    vulnerabilityScanning: optional(booleanValue),
    /**
     * Customer-managed encryption key (CMEK), in the repository's location. Cannot change after creation.
     * @default Google-managed encryption
     */
    kmsKeyName: optional(KMS_KEY_NAME),
    /** Labels on the repository (the provider adds its default labels). @default none */
    labels: optional(GCP_LABELS),
  },
  {
    name: "ArtifactRegistryRepository props",
    expected: "an object with at least repositoryId and location",
    refine(props, r) {
      claimLocatedName(r.v, r.scope!, "repository id", "repositoryId", props.repositoryId, props.location, props.project);
      const key = props.kmsKeyName;
      if (typeof key === "string" && !isUnresolved(key) && KMS_KEY_NAME.test(key) && typeof props.location === "string" && !isUnresolved(props.location)) {
        if (key.split("/")[3] !== props.location) r.fail("kmsKeyName", `a key in the repository's location (${props.location})`, key);
      }
    },
  },
);

export interface ArtifactRegistryRepositoryProps extends TypeOf<typeof ARTIFACT_REGISTRY_REPOSITORY_PROPS> {}

/** True when `cleanupPolicies` is a list of explicit policies (`Array.isArray` does not narrow readonly arrays). */
export function isCleanupPolicyList(value: unknown): value is readonly ArtifactRegistryCleanupPolicy[] {
  return Array.isArray(value);
}
