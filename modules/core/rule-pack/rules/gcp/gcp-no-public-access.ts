import type { Rule } from "../../rule";
import { GCP_IAM_TARGETS } from "./gcp-iam-targets";
import { grants, iamTypes, PUBLIC_MEMBERS } from "./iam-members";

/** Cloud Run has its own rule (a public service is a common, deliberate exception). */
const CLOUD_RUN = ["google_cloud_run_v2_service", "google_cloud_run_service"];

export const gcpNoPublicAccess: Rule = {
  id: "gcp-no-public-access",
  title: "GCP resources grant nothing to the public",
  suppressible: false,
  checkov: ["CKV_GCP_28", "CKV_GCP_101", "CKV_GCP_112", "CKV_GCP_113"],
  trivy: ["GCP-0001"],
  description:
    "No IAM member, binding or policy on any GCP resource (a Cloud Storage bucket, an Artifact Registry repository, a secret, a topic, a KMS key, the project...: every type with IAM resources in the google provider) grants a role to `allUsers` or `allAuthenticatedUsers`. Cloud Run services have their own rule, `cloud-run-no-public-access`; ACLs are `gcp-storage-no-public-acl`'s and `gcp-bigquery-no-public-acl`'s. Cannot be suppressed.",
  appliesTo: GCP_IAM_TARGETS.filter((t) => !CLOUD_RUN.includes(t)).flatMap(iamTypes),
  check(resource, context) {
    const open = grants(resource, context).filter((g) => PUBLIC_MEMBERS.includes(g.member));
    if (open.length === 0) return undefined;
    return `grants ${open.map((g) => `${g.role} to ${g.member}`).join(", ")}: anyone can use it; grant the role to named principals (ArtifactRegistryRepository grantReader)`;
  },
};
