import { escalatingPermissions } from "../../../policy/gcp-escalation";
import { list } from "../../config";
import type { Rule } from "../../rule";

export const gcpCustomRoleNoEscalation: Rule = {
  id: "gcp-custom-role-no-escalation",
  title: "Custom roles hold no permissions that grant more access",
  suppressible: false,
  checkov: [],
  trivy: [],
  description:
    "A `google_project_iam_custom_role` or `google_organization_iam_custom_role` lists no permission of `ESCALATION_PERMISSIONS` (modules/core/policy/gcp-escalation.ts, with its sources): one that changes IAM (`*.setIamPolicy`, `iam.roles.create`/`update`, deny policies, organization policies), acts as or mints credentials for another identity (`iam.serviceAccounts.actAs`, `getAccessToken`, `signBlob`, `signJwt`, `implicitDelegation`, service account keys, workload identity pool providers, HMAC keys, `apikeys.keys.*`, `secretmanager.versions.access`) or runs code as a service account (`cloudfunctions.functions.create`, `run.services.create`, `run.jobs.runWithOverrides`, `compute.instances.create`, `cloudbuild.builds.create`, `deploymentmanager.deployments.create`, `container.pods.exec`...): whoever holds the role can reach every permission a service account or policy can. Grant predefined roles on the one resource instead. Cannot be suppressed.",
  appliesTo: ["google_project_iam_custom_role", "google_organization_iam_custom_role"],
  check(role) {
    const risky = escalatingPermissions(list(role.config.permissions));
    if (risky.length === 0) return undefined;
    return `permissions ${risky.join(", ")} let the holder grant itself more or act as a service account; leave them out, or grant a predefined role on the one resource`;
  },
};
