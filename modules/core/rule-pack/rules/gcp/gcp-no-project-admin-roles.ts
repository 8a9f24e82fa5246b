import type { Rule } from "../../rule";
import { grants, iamTypes } from "./iam-members";

/** Roles that let a member act as any service account of the project. */
const IMPERSONATION_ROLES = ["roles/iam.serviceAccountUser", "roles/iam.serviceAccountTokenCreator", "roles/iam.workloadIdentityUser"];

export const gcpNoProjectAdminRoles: Rule = {
  id: "gcp-no-project-admin-roles",
  title: "No admin or impersonation roles at project level",
  checkov: ["CKV_GCP_41", "CKV_GCP_42"],
  trivy: ["GCP-0007", "GCP-0011"],
  description:
    "No project-level IAM member, binding or policy grants an admin role (`roles/*Admin`, `roles/*.admin`) or a role that impersonates service accounts (`roles/iam.serviceAccountUser`, `roles/iam.serviceAccountTokenCreator`, `roles/iam.workloadIdentityUser`): granted on the project, they reach every resource and every service account in it. Grant them on the one resource or service account instead.",
  appliesTo: iamTypes("google_project"),
  check(resource, context) {
    const risky = grants(resource, context).filter((g) => /admin/i.test(g.role) || IMPERSONATION_ROLES.includes(g.role));
    if (risky.length === 0) return undefined;
    return `grants ${risky.map((g) => `${g.role} to ${g.member}`).join(", ")} on the project; grant it on the resource or service account instead`;
  },
};
