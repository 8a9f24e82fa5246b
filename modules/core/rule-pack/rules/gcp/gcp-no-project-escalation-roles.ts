import { isProjectEscalationRole } from "../../../policy/gcp-escalation";
import type { Rule } from "../../rule";
import { grants, iamTypes } from "./iam-members";

export const gcpNoProjectEscalationRoles: Rule = {
  id: "gcp-no-project-escalation-roles",
  title: "No project-level role that escalates",
  suppressible: false,
  checkov: ["CKV_GCP_41", "CKV_GCP_49"],
  trivy: ["GCP-0011"],
  description:
    "No project-level IAM member, binding or policy grants a role that reaches every service account or secret of the project (`PROJECT_ESCALATION_ROLES` in modules/core/policy/gcp-escalation.ts, with its sources): service account user, token creator, key admin and admin, workload identity user and pool admin, HMAC key and API key admins, security, role and project IAM admins, Cloud Build and Deployment Manager editors, Cloud Functions and Cloud Run developers (`run.jobs.runWithOverrides`), GKE developers (`container.pods.exec`), Compute instance admins, Composer, Dataflow, Dataproc and Notebooks roles that run code as a service account, Secret Manager secret accessor and admin, and any service agent role (`roles/*.serviceAgent`). Grant them on the one service account, secret, service or job instead. Cannot be suppressed.",
  appliesTo: iamTypes("google_project"),
  check(resource, context) {
    const risky = grants(resource, context).filter((g) => isProjectEscalationRole(g.role));
    if (risky.length === 0) return undefined;
    return `grants ${risky.map((g) => `${g.role} to ${g.member}`).join(", ")} on the project, which reaches every service account, secret or workload in it; grant the role on the one resource that needs it`;
  },
};
