import type { ArtifactRegistryRepository as ArtifactRegistryRepositoryResource } from "@cdktf/provider-google/lib/artifact-registry-repository";
import { ArtifactRegistryRepositoryIamMember } from "@cdktf/provider-google/lib/artifact-registry-repository-iam-member";
import type { CloudRunV2Service } from "@cdktf/provider-google/lib/cloud-run-v2-service";
import { CloudRunV2ServiceIamMember } from "@cdktf/provider-google/lib/cloud-run-v2-service-iam-member";
import { TerraformStack } from "cdktf";
import type { Construct, IConstruct } from "constructs";
import { validateMember } from "./iam";

// The constructs import this file, so it names what it needs of them by shape, never by class:
// imports flow from the constructs to here only.

/** What a repository grant needs: an `ArtifactRegistryRepository` construct has it. */
export interface GrantableRepository extends IConstruct {
  readonly repository: ArtifactRegistryRepositoryResource;
}

/** What a service grant needs: a `CloudRunService` construct has it. */
export interface GrantableService extends IConstruct {
  readonly service: CloudRunV2Service;
}

// A grant references two things: the resource it is on and the identity it is for. When both are in
// one stack, the grant lives with the resource (its address has not changed since the first release).
// When they are in different stacks, the grant must live in the stack that already depends on the
// other: a grant placed in the resource's stack would reference the identity's stack, so the
// resource's stack could no longer be applied first, and cdktf refuses the cycle outright when the
// identity's stack also references the resource's (a service's image URL built from its repository).

/** True when `a` and `b` are in the same Terraform stack. */
export function inSameStack(a: IConstruct, b: IConstruct): boolean {
  return TerraformStack.of(a) === TerraformStack.of(b);
}

/**
 * `role` on `repository` for `member`, created under `scope` (the repository itself, or a construct in
 * another stack): it references the repository's attributes, so cross-stack references go from `scope`'s stack to the
 * repository's only.
 */
export function repositoryGrantIn(
  scope: Construct,
  id: string,
  repository: GrantableRepository,
  role: string,
  member: string,
): ArtifactRegistryRepositoryIamMember {
  validateMember("ArtifactRegistryRepository grant", repository.node.path, "member", member, "a repository is never public");
  const existing = scope.node.tryFindChild(id);
  if (existing instanceof ArtifactRegistryRepositoryIamMember) return existing;
  return new ArtifactRegistryRepositoryIamMember(scope, id, {
    project: repository.repository.project,
    location: repository.repository.location,
    repository: repository.repository.name,
    role,
    member,
  });
}

/**
 * `role` on `service` for `member`, created under `scope` (the service itself, or a construct in another
 * stack): it references the service's attributes, so cross-stack references go from `scope`'s stack to the
 * service's only.
 */
export function serviceGrantIn(scope: Construct, id: string, service: GrantableService, role: string, member: string): CloudRunV2ServiceIamMember {
  validateMember("CloudRunService grant", service.node.path, "member", member, "make a service public with allowUnauthenticated");
  const existing = scope.node.tryFindChild(id);
  if (existing instanceof CloudRunV2ServiceIamMember) return existing;
  return new CloudRunV2ServiceIamMember(scope, id, {
    project: service.service.project,
    location: service.service.location,
    name: service.service.name,
    role,
    member,
  });
}
