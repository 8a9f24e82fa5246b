import { gcpIamTypes } from "../../../catalog";
import { gcpGrantsOf } from "../../../terraform";
import type { RuleContext, SynthesizedResource } from "../../rule";
import { modelOf } from "../aws/iam-statements";

/** One grant: a role and a member (`user:...`, `serviceAccount:...`, `allUsers`, ...). */
export interface Grant {
  readonly role: string;
  readonly member: string;
}

/** The IAM resource types of one target (`google_project` -> `_iam_member`, `_iam_binding`, `_iam_policy`). */
export function iamTypes(target: string): string[] {
  return gcpIamTypes(target);
}

/**
 * The grants an IAM resource makes, as the stack's model reads them (`gcpGrantsOf`): `member` of
 * an `_iam_member`, `members` of an `_iam_binding`, the bindings of an `_iam_policy` (its literal
 * `policy_data` JSON, or the `data.google_iam_policy` it references), a BigQuery dataset's access.
 */
export function grants(resource: SynthesizedResource, context: RuleContext): Grant[] {
  const model = resource.model ?? context.model ?? modelOf(resource);
  return gcpGrantsOf(model, resource.address).grants.map((g) => ({ role: g.role, member: g.member }));
}

/** Members that mean "anyone on the internet" (with or without a Google account). */
export const PUBLIC_MEMBERS = ["allUsers", "allAuthenticatedUsers"];

/** The default Compute Engine and App Engine service accounts, which hold roles/editor in a new project. */
export function isDefaultServiceAccount(member: string): boolean {
  return /-compute@developer\.gserviceaccount\.com$|@appspot\.gserviceaccount\.com$/.test(member);
}
