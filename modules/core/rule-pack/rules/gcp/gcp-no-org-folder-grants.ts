import type { Rule } from "../../rule";
import { grants, iamTypes } from "./iam-members";

export const gcpNoOrgFolderGrants: Rule = {
  id: "gcp-no-org-folder-grants",
  title: "Service stacks grant nothing at organization or folder level",
  checkov: ["CKV_GCP_115", "CKV_GCP_116", "CKV_GCP_44", "CKV_GCP_45", "CKV_GCP_47", "CKV_GCP_48"],
  trivy: ["GCP-0004", "GCP-0005", "GCP-0008", "GCP-0009"],
  description:
    "No `google_organization_iam_*` or `google_folder_iam_*` member, binding or policy: a role granted there reaches every project below, and a `_binding` or `_policy` replaces what others granted. A service's grants belong on its own resources; organization IAM belongs to the platform's own configuration. Cannot be suppressed.",
  appliesTo: [...iamTypes("google_organization"), ...iamTypes("google_folder")],
  check(resource, context) {
    const level = resource.type.startsWith("google_organization") ? "organization" : "folder";
    const given = grants(resource, context);
    const what = given.length > 0 ? given.map((g) => `${g.role} to ${g.member}`).join(", ") : "roles";
    return `grants ${what} on the ${level}, which reaches every project below it; grant it on the resource or project that needs it`;
  },
};
