import { list } from "../../config";
import type { Rule } from "../../rule";

/**
 * Permissions that let a member grant itself more or act as another identity (Rhino Security Labs,
 * "Privilege Escalation in Google Cloud Platform"; Google's "Service account impersonation").
 */
const ESCALATION_PERMISSIONS = [
  /\.setIamPolicy$/i,
  /^iam\.roles\.(create|update)$/i,
  /^iam\.serviceAccounts\.(actAs|getAccessToken|getOpenIdToken|signBlob|signJwt|implicitDelegation)$/i,
  /^iam\.serviceAccountKeys\.create$/i,
  /^resourcemanager\.(projects|folders|organizations)\.setIamPolicy$/i,
  /^orgpolicy\.policy\.set$/i,
  /^deploymentmanager\.deployments\.(create|update)$/i,
  /^cloudbuild\.builds\.(create|update)$/i,
  /^serviceusage\.apiKeys\.(create|regenerate)$/i,
  /^storage\.hmacKeys\.create$/i,
  /^cloudfunctions\.functions\.(create|update|sourceCodeSet)$/i,
  /^run\.(services|jobs)\.(create|update)$/i,
  /^compute\.instances\.(create|setMetadata|setServiceAccount)$/i,
  /^compute\.projects\.setCommonInstanceMetadata$/i,
  /^composer\.environments\.(create|update)$/i,
  /^dataflow\.jobs\.create$/i,
  /^dataproc\.clusters\.create$/i,
];

export const gcpCustomRoleNoEscalation: Rule = {
  id: "gcp-custom-role-no-escalation",
  title: "Custom roles hold no permissions that grant more access",
  checkov: [],
  trivy: [],
  description:
    "A `google_project_iam_custom_role` or `google_organization_iam_custom_role` lists no permission that changes IAM (`*.setIamPolicy`, `iam.roles.create`/`update`), acts as another identity (`iam.serviceAccounts.actAs`, `getAccessToken`, `signBlob`, `signJwt`, `implicitDelegation`, key creation) or runs code as a service account (`cloudfunctions.functions.create`, `run.services.create`, `compute.instances.create`, `cloudbuild.builds.create`, `deploymentmanager.deployments.create`...): whoever holds the role can reach every permission a service account or policy can. Grant predefined roles on the one resource instead.",
  appliesTo: ["google_project_iam_custom_role", "google_organization_iam_custom_role"],
  check(role) {
    const risky = list(role.config.permissions).filter((p): p is string => typeof p === "string" && ESCALATION_PERMISSIONS.some((re) => re.test(p)));
    if (risky.length === 0) return undefined;
    return `permissions ${risky.join(", ")} let the holder grant itself more or act as a service account; leave them out, or grant a predefined role on the one resource`;
  },
};
