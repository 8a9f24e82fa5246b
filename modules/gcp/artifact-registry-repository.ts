import {
  ArtifactRegistryRepository as ArtifactRegistryRepositoryResource,
  type ArtifactRegistryRepositoryCleanupPolicies as CleanupPolicyBlock,
} from "@cdktf/provider-google/lib/artifact-registry-repository";
import { ArtifactRegistryRepositoryIamMember } from "@cdktf/provider-google/lib/artifact-registry-repository-iam-member";
import { Construct } from "constructs";
import { Validator } from "../core/validation";
import {
  ARTIFACT_REGISTRY_REPOSITORY_PROPS,
  type ArtifactRegistryCleanupPolicies,
  type ArtifactRegistryCleanupPolicy,
  type ArtifactRegistryRepositoryProps,
  isCleanupPolicyList,
} from "./artifact-registry-repository-props";
import { dockerHost, IMAGE_NAME, TAG_OR_DIGEST } from "./gcp-limits";
import { repositoryGrantIn } from "./cross-stack";
import { grantId, ROLES } from "./iam";
import { useRelativeLocalState } from "../core/relative-local-state";

export type {
  ArtifactRegistryCleanupPolicies,
  ArtifactRegistryCleanupPolicy,
  ArtifactRegistryRepositoryProps,
} from "./artifact-registry-repository-props";

const DAY_SECONDS = 24 * 3600;
export const DEFAULT_CLEANUP_POLICIES: Required<ArtifactRegistryCleanupPolicies> = {
  deleteUntaggedAfterDays: 7,
  keepMostRecent: 10,
  deleteAnyAfterDays: false,
};

/**
 * A Docker repository in Artifact Registry (standard mode): immutable tags, vulnerability scanning,
 * cleanup policies (in dry run until turned off), Google-managed or customer-managed encryption, and
 * repository-level IAM grants only.
 */
export class ArtifactRegistryRepository extends Construct {
  /** `<location>-docker.pkg.dev/<project>/<repositoryId>`: add `/<image>:<tag>` (or use `imageUrl`). */
  public readonly repositoryUrl: string;
  public readonly repositoryId: string;
  public readonly location: string;
  /** The project: as given, or the provider's project (a reference Terraform fills in). */
  public readonly project: string;
  public readonly repository: ArtifactRegistryRepositoryResource;

  constructor(scope: Construct, id: string, props: ArtifactRegistryRepositoryProps) {
    super(scope, id);
    useRelativeLocalState(this);
    ARTIFACT_REGISTRY_REPOSITORY_PROPS.validate(this, props);

    this.repository = new ArtifactRegistryRepositoryResource(this, "Repository", {
      repositoryId: props.repositoryId,
      location: props.location,
      project: props.project,
      description: props.description,
      format: "DOCKER",
      mode: "STANDARD_REPOSITORY",
      dockerConfig: { immutableTags: props.immutableTags ?? true },
      cleanupPolicyDryRun: props.cleanupDryRun ?? true,
      cleanupPolicies: cleanupPolicyBlocks(props.cleanupPolicies),
      vulnerabilityScanningConfig: { enablementConfig: props.vulnerabilityScanning === false ? "DISABLED" : "INHERITED" },
      kmsKeyName: props.kmsKeyName,
      labels: props.labels ? { ...props.labels } : undefined,
    });

    this.repositoryId = props.repositoryId;
    this.location = props.location;
    // Without a project prop, the provider's project is only known to Terraform: the resource's
    // `project` attribute is that value, so URLs built from it stay valid.
    this.project = props.project ?? this.repository.project;
    this.repositoryUrl = `${dockerHost(this.location)}/${this.project}/${this.repositoryId}`;
  }

  /**
   * The URL of an image in this repository: `<location>-docker.pkg.dev/<project>/<repo>/<image>:<tag>`,
   * or `...<image>@sha256:<digest>` when `tagOrDigest` is a digest (`sha256:...` or `@sha256:...`).
   */
  public imageUrl(image: string, tagOrDigest: string): string {
    const v = new Validator("ArtifactRegistryRepository.imageUrl arguments", this.node.path);
    v.required("image", image).check("image", image, IMAGE_NAME);
    v.required("tagOrDigest", tagOrDigest).check("tagOrDigest", tagOrDigest, TAG_OR_DIGEST);
    v.throwIfInvalid();
    const reference = tagOrDigest.startsWith("sha256:") ? `@${tagOrDigest}` : tagOrDigest.startsWith("@") ? tagOrDigest : `:${tagOrDigest}`;
    return `${this.repositoryUrl}/${image}${reference}`;
  }

  /**
   * Lets `member` pull images: `roles/artifactregistry.reader` on this repository only.
   * Pass `id` when the member is a reference (e.g. a service account's email) to keep its address stable.
   */
  public grantReader(member: string, id?: string): ArtifactRegistryRepositoryIamMember {
    return this.grant(ROLES.artifactReader, "reader", member, id);
  }

  /** Lets `member` push (and pull) images: `roles/artifactregistry.writer` on this repository only. */
  public grantWriter(member: string, id?: string): ArtifactRegistryRepositoryIamMember {
    return this.grant(ROLES.artifactWriter, "writer", member, id);
  }

  private grant(role: string, prefix: string, member: string, id: string | undefined): ArtifactRegistryRepositoryIamMember {
    return repositoryGrantIn(this, grantId(this, prefix, member, id), this, role, member);
  }

}

function explicitPolicyBlock(p: ArtifactRegistryCleanupPolicy): CleanupPolicyBlock {
  const hasCondition = [p.tagState, p.olderThanDays, p.newerThanDays, p.tagPrefixes].some((x) => x !== undefined);
  const prefixes = p.packageNamePrefixes ? [...p.packageNamePrefixes] : undefined;
  if (p.keepCount !== undefined) {
    return { id: p.id, action: p.action, mostRecentVersions: { keepCount: p.keepCount, packageNamePrefixes: prefixes } };
  }
  return {
    id: p.id,
    action: p.action,
    condition: {
      tagState: p.tagState ?? (hasCondition || prefixes ? "ANY" : undefined),
      olderThan: p.olderThanDays !== undefined ? `${p.olderThanDays * DAY_SECONDS}s` : undefined,
      newerThan: p.newerThanDays !== undefined ? `${p.newerThanDays * DAY_SECONDS}s` : undefined,
      tagPrefixes: p.tagPrefixes ? [...p.tagPrefixes] : undefined,
      packageNamePrefixes: prefixes,
    },
  };
}

function cleanupPolicyBlocks(policies: ArtifactRegistryRepositoryProps["cleanupPolicies"]): CleanupPolicyBlock[] | undefined {
  if (policies === false) return undefined;
  if (isCleanupPolicyList(policies)) return policies.map(explicitPolicyBlock);
  const p = {
    deleteUntaggedAfterDays: policies?.deleteUntaggedAfterDays ?? DEFAULT_CLEANUP_POLICIES.deleteUntaggedAfterDays,
    keepMostRecent: policies?.keepMostRecent ?? DEFAULT_CLEANUP_POLICIES.keepMostRecent,
    deleteAnyAfterDays: policies?.deleteAnyAfterDays ?? DEFAULT_CLEANUP_POLICIES.deleteAnyAfterDays,
  };
  const blocks: CleanupPolicyBlock[] = [];
  if (p.deleteUntaggedAfterDays !== false) {
    blocks.push({
      id: "delete-untagged",
      action: "DELETE",
      condition: { tagState: "UNTAGGED", olderThan: `${p.deleteUntaggedAfterDays * DAY_SECONDS}s` },
    });
  }
  if (p.deleteAnyAfterDays !== false) {
    blocks.push({
      id: "delete-older",
      action: "DELETE",
      condition: { tagState: "ANY", olderThan: `${p.deleteAnyAfterDays * DAY_SECONDS}s` },
    });
  }
  if (p.keepMostRecent !== false) {
    blocks.push({ id: "keep-most-recent", action: "KEEP", mostRecentVersions: { keepCount: p.keepMostRecent } });
  }
  return blocks.length > 0 ? blocks : undefined;
}
