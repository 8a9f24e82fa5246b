import { isSet } from "../../config";
import type { Rule } from "../../rule";

export const artifactRegistryCmek: Rule = {
  id: "artifact-registry-cmek",
  title: "Artifact Registry repositories are encrypted with a customer-managed key",
  checkov: ["CKV_GCP_84"],
  trivy: [],
  description:
    "Each `google_artifact_registry_repository` sets `kms_key_name` (a Cloud KMS key in the repository's location, which the Artifact Registry service agent may use), so you control, audit and can revoke access to the images at rest.",
  appliesTo: ["google_artifact_registry_repository"],
  check(repository) {
    if (isSet(repository.config.kms_key_name)) return undefined;
    return "kms_key_name is unset: images are encrypted with a Google-managed key; set a Cloud KMS key (ArtifactRegistryRepository prop kmsKeyName)";
  },
};
