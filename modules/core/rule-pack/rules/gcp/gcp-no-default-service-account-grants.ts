import type { Rule } from "../../rule";
import { grants, iamTypes, isDefaultServiceAccount } from "./iam-members";

export const gcpNoDefaultServiceAccountGrants: Rule = {
  id: "gcp-no-default-service-account-grants",
  title: "No project roles for the default service accounts",
  checkov: ["CKV_GCP_46"],
  trivy: ["GCP-0006"],
  description:
    "No project-level IAM member, binding or policy grants a role to the default Compute Engine (`<number>-compute@developer.gserviceaccount.com`) or App Engine (`<project>@appspot.gserviceaccount.com`) service account: every workload that falls back to them would get the role. Give each workload its own service account.",
  appliesTo: iamTypes("google_project"),
  check(resource, context) {
    const defaults = grants(resource, context).filter((g) => isDefaultServiceAccount(g.member));
    if (defaults.length === 0) return undefined;
    return `grants ${defaults.map((g) => `${g.role} to ${g.member}`).join(", ")}; grant it to the workload's own service account`;
  },
};
