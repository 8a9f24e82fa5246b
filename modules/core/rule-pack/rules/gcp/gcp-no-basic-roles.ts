import type { Rule } from "../../rule";
import { grants, iamTypes } from "./iam-members";

const BASIC_ROLES = ["roles/owner", "roles/editor", "roles/viewer"];

export const gcpNoBasicRoles: Rule = {
  id: "gcp-no-basic-roles",
  title: "No basic roles at project level",
  checkov: ["CKV_GCP_117"],
  trivy: ["GCP-0007"],
  description:
    "No project-level IAM member, binding or policy grants `roles/owner`, `roles/editor` or `roles/viewer`: each covers thousands of permissions across every service. Grant a predefined role on the resource (repository, secret, service) instead.",
  appliesTo: iamTypes("google_project"),
  check(resource, context) {
    const basic = grants(resource, context).filter((g) => BASIC_ROLES.includes(g.role));
    if (basic.length === 0) return undefined;
    return `grants ${basic.map((g) => `${g.role} to ${g.member}`).join(", ")} on the project; grant a predefined role on the resource instead`;
  },
};
