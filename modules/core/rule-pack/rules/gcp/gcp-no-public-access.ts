import type { Rule } from "../../rule";
import { grants, iamTypes, PUBLIC_MEMBERS } from "./iam-members";

const TARGETS = ["google_artifact_registry_repository", "google_secret_manager_secret", "google_project"];

export const gcpNoPublicAccess: Rule = {
  id: "gcp-no-public-access",
  title: "Artifact Registry repositories, secrets and projects grant nothing to the public",
  checkov: ["CKV_GCP_101"],
  trivy: [],
  description:
    "No IAM member, binding or policy on an Artifact Registry repository, a Secret Manager secret or the project grants a role to `allUsers` or `allAuthenticatedUsers` (images and secrets readable by anyone). Cloud Run has its own rule, `cloud-run-no-public-access`.",
  appliesTo: TARGETS.flatMap(iamTypes),
  check(resource, context) {
    const open = grants(resource, context).filter((g) => PUBLIC_MEMBERS.includes(g.member));
    if (open.length === 0) return undefined;
    return `grants ${open.map((g) => `${g.role} to ${g.member}`).join(", ")}: anyone can use it; grant the role to named principals (ArtifactRegistryRepository grantReader)`;
  },
};
