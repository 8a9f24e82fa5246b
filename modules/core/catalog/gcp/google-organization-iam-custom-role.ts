import { literal, type CatalogEntry } from "../entry";

/** A custom role of an organization: the permissions it bundles. */
export const entry: CatalogEntry = {
  type: "google_organization_iam_custom_role",
  arn: (c) => { const id = literal(c, "role_id"); const org = literal(c, "org_id"); return id && org ? `organizations/${org}/roles/${id}` : undefined; },
  forceNew: ["role_id", "org_id"],
  grants: [
    { kind: "gcp-custom-role", attributes: ["permissions", "stage"] },
  ],
};
