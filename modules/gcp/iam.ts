import type { Construct } from "constructs";
import { MEMBER, PUBLIC_MEMBERS } from "./gcp-limits";
import { isUnresolved, Validator } from "../core/validation";
import { NOT_POOL_WIDE } from "../core/policy/gcp-principals";

/** Roles the GCP constructs grant, all on a single resource; never a basic or an admin role. */
export const ROLES = {
  artifactReader: "roles/artifactregistry.reader",
  artifactWriter: "roles/artifactregistry.writer",
  secretAccessor: "roles/secretmanager.secretAccessor",
  runInvoker: "roles/run.invoker",
  runDeveloper: "roles/run.developer",
  pubsubPublisher: "roles/pubsub.publisher",
  pubsubSubscriber: "roles/pubsub.subscriber",
  serviceAccountUser: "roles/iam.serviceAccountUser",
  workloadIdentityUser: "roles/iam.workloadIdentityUser",
} as const;

/**
 * A stable construct id for a grant: `<prefix>-<member>` for a literal member, so the Terraform address
 * says who is granted; for a member built from a reference (a service account email known only to
 * Terraform) the caller should pass an id, otherwise `<prefix>-<n>` in grant order.
 */
export function grantId(scope: Construct, prefix: string, member: string, id: string | undefined): string {
  if (id !== undefined) return id;
  if (!isUnresolved(member)) return `${prefix}-${member.replace(/[^A-Za-z0-9]+/g, "-").replace(/-+$/, "")}`;
  let n = 1;
  while (scope.node.tryFindChild(`${prefix}-${n}`)) n++;
  return `${prefix}-${n}`;
}

/**
 * Checks a principal given to a grant method. `allUsers` and `allAuthenticatedUsers` are refused: a
 * repository or a secret is never public, and a service is made public only with `allowUnauthenticated`.
 */
export function validateMember(kind: string, path: string, prop: string, member: string, publicHint: string): void {
  const v = new Validator(kind, path);
  v.required(prop, member);
  // The member is written into the grant as it is: a literal ${...} would be evaluated by Terraform.
  v.noTemplateSyntax(prop, member);
  if ((PUBLIC_MEMBERS as readonly string[]).includes(member)) {
    v.fail(prop, `a principal other than allUsers or allAuthenticatedUsers (${publicHint})`, member);
  } else {
    v.check(prop, member, MEMBER).check(prop, member, NOT_POOL_WIDE);
  }
  v.throwIfInvalid();
}
