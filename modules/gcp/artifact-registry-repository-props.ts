import type { AllKeysListed } from "../core/known-keys";

/**
 * The default cleanup policies of a repository. Artifact Registry applies KEEP policies before DELETE
 * policies: a version kept by `keepMostRecent` is never deleted. `false` turns a policy off.
 */
export interface ArtifactRegistryCleanupPolicies {
  /** Delete untagged images (left behind when a tag moves or a build is re-pushed) older than this many days. @default 7 */
  readonly deleteUntaggedAfterDays?: number | false;
  /** Keep this many most recent versions of each image, whatever a delete policy matches. @default 10 */
  readonly keepMostRecent?: number | false;
  /** Delete any version, tagged or not, older than this many days (except those kept). @default false (off) */
  readonly deleteAnyAfterDays?: number | false;
}

/** Every key of `ArtifactRegistryCleanupPolicies`, for refusing unknown ones. */
export const CLEANUP_POLICIES_KEYS = [
  "deleteUntaggedAfterDays",
  "keepMostRecent",
  "deleteAnyAfterDays",
] as const satisfies readonly (keyof ArtifactRegistryCleanupPolicies)[];
export type CleanupPoliciesKeysComplete = AllKeysListed<Exclude<keyof ArtifactRegistryCleanupPolicies, (typeof CLEANUP_POLICIES_KEYS)[number]>>;

/** One explicit cleanup policy, for needs the defaults do not cover (e.g. keep every `v*` release tag). */
export interface ArtifactRegistryCleanupPolicy {
  /** Policy id: 1 to 63 lowercase letters, digits or `-`, starting with a letter. */
  readonly id: string;
  /** `KEEP` policies win over `DELETE` policies. */
  readonly action: "DELETE" | "KEEP";
  /** @default "ANY" */
  readonly tagState?: "TAGGED" | "UNTAGGED" | "ANY";
  /** Matches versions older than this many days. @default any age */
  readonly olderThanDays?: number;
  /** Matches versions newer than this many days. @default any age */
  readonly newerThanDays?: number;
  /** Matches versions with a tag starting with one of these. @default any tag */
  readonly tagPrefixes?: readonly string[];
  /** Matches images whose name starts with one of these. @default every image */
  readonly packageNamePrefixes?: readonly string[];
  /** KEEP only: keep this many most recent versions (instead of a condition). @default none */
  readonly keepCount?: number;
}

/** Every key of `ArtifactRegistryCleanupPolicy`, for refusing unknown ones. */
export const CLEANUP_POLICY_KEYS = [
  "id",
  "action",
  "tagState",
  "olderThanDays",
  "newerThanDays",
  "tagPrefixes",
  "packageNamePrefixes",
  "keepCount",
] as const satisfies readonly (keyof ArtifactRegistryCleanupPolicy)[];
export type CleanupPolicyKeysComplete = AllKeysListed<Exclude<keyof ArtifactRegistryCleanupPolicy, (typeof CLEANUP_POLICY_KEYS)[number]>>;

export interface ArtifactRegistryRepositoryProps {
  /** Repository id: 1 to 63 lowercase letters, digits or `-`, starting with a letter, not ending with `-`. */
  readonly repositoryId: string;
  /** A region (`europe-west1`), or the multi-region `asia`, `europe` or `us`. */
  readonly location: string;
  /** The project of the repository. @default the provider's project */
  readonly project?: string;
  /** @default none */
  readonly description?: string;
  /** Refuse to move or delete a tag once pushed (a release tag always means the same image). @default true */
  readonly immutableTags?: boolean;
  /**
   * The default cleanup policies, tuned (an object); or explicit policies (a list, at most 10) that
   * replace them; or `false` for none.
   * @default { deleteUntaggedAfterDays: 7, keepMostRecent: 10 }
   */
  readonly cleanupPolicies?: ArtifactRegistryCleanupPolicies | readonly ArtifactRegistryCleanupPolicy[] | false;
  /**
   * Cleanup policies only report what they would delete (Artifact Registry's dry run); `false` makes
   * them delete. Start in dry run, read the audit logs, then turn it off.
   * @default true
   */
  readonly cleanupDryRun?: boolean;
  /**
   * Scan pushed images for vulnerabilities (`INHERITED`: on when the project has the Container
   * Scanning API enabled); `false` disables scanning for this repository.
   * @default true
   */
  readonly vulnerabilityScanning?: boolean;
  /**
   * Customer-managed encryption key (CMEK), in the repository's location. Cannot change after creation.
   * @default Google-managed encryption
   */
  readonly kmsKeyName?: string;
  /** Labels on the repository (the provider adds its default labels). @default none */
  readonly labels?: Readonly<Record<string, string>>;
}

/** Every key of `ArtifactRegistryRepositoryProps`, for refusing unknown (misspelt, other-cloud) props. */
export const ARTIFACT_REGISTRY_REPOSITORY_PROP_KEYS = [
  "repositoryId",
  "location",
  "project",
  "description",
  "immutableTags",
  "cleanupPolicies",
  "cleanupDryRun",
  "vulnerabilityScanning",
  "kmsKeyName",
  "labels",
] as const satisfies readonly (keyof ArtifactRegistryRepositoryProps)[];
export type ArtifactRegistryRepositoryPropKeysComplete = AllKeysListed<
  Exclude<keyof ArtifactRegistryRepositoryProps, (typeof ARTIFACT_REGISTRY_REPOSITORY_PROP_KEYS)[number]>
>;

/** True when `cleanupPolicies` is a list of explicit policies (`Array.isArray` does not narrow readonly arrays). */
export function isCleanupPolicyList(value: unknown): value is readonly ArtifactRegistryCleanupPolicy[] {
  return Array.isArray(value);
}
