import { isProjectEscalationRole } from "../../../policy/gcp-escalation";
import type { Rule } from "../../rule";
import { grants, iamTypes } from "./iam-members";


export const gcpNoProjectAdminRoles: Rule = {
  id: "gcp-no-project-admin-roles",
  title: "No admin roles at project level",
  checkov: ["CKV_GCP_42"],
  trivy: ["GCP-0007"],
  description:
    "No project-level IAM member, binding or policy grants an admin role (`roles/*Admin`, `roles/*.admin`): granted on the project, it reaches every resource of its service. Admin roles that escalate (security, IAM, service account, Cloud Run, GKE, Secret Manager admins...) and the roles that impersonate service accounts are `gcp-no-project-escalation-roles`', which cannot be suppressed. Grant them on the one resource instead.",
  appliesTo: iamTypes("google_project"),
  check(resource, context) {
    // Roles that escalate are gcp-no-project-escalation-roles' (which cannot be suppressed), not reported twice.
    const risky = grants(resource, context).filter((g) => /admin/i.test(g.role) && !isProjectEscalationRole(g.role));
    if (risky.length === 0) return undefined;
    return `grants ${risky.map((g) => `${g.role} to ${g.member}`).join(", ")} on the project; grant it on the resource or service account instead`;
  },
};
