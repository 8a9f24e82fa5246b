import type { Rule } from "../../rule";

export const gcpNoServiceAccountKeys: Rule = {
  id: "gcp-no-service-account-keys",
  title: "The stack creates no service account keys",
  suppressible: false,
  checkov: ["CKV2_GCP_3"],
  trivy: [],
  description:
    "No `google_service_account_key`: its private key is written to the Terraform state and is valid until someone deletes it. Cannot be suppressed: workloads run as their service account, CI uses Workload Identity Federation, people use their own accounts with impersonation.",
  appliesTo: ["google_service_account_key"],
  check(key) {
    return `creates a key for ${String(key.config.service_account_id)}, whose private key lands in the Terraform state; run as the service account or use Workload Identity Federation`;
  },
};
