import { literal, type CatalogEntry } from "../entry";

/** A custom role of a project: the permissions it bundles. */
export const entry: CatalogEntry = {
  type: "google_project_iam_custom_role",
  arn: (c, p) => { const id = literal(c, "role_id"); const project = literal(c, "project") ?? p.project; return id && project ? `projects/${project}/roles/${id}` : undefined; },
  globalNames: [{ attribute: "role_id", scope: "gcp-project", what: "custom role id" }],
  forceNew: ["role_id", "project"],
  grants: [
    { kind: "gcp-custom-role", attributes: ["permissions", "stage"] },
  ],
};
