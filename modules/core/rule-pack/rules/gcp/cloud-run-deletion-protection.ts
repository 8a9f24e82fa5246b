import { isFalse } from "../../config";
import type { Rule } from "../../rule";

export const cloudRunDeletionProtection: Rule = {
  id: "cloud-run-deletion-protection",
  title: "Cloud Run services are protected from deletion in protected environments",
  checkov: [],
  trivy: [],
  description:
    "In a protected environment (config declares it `protected`, as prod does; an environment no config declares counts as protected), no `google_cloud_run_v2_service` or `google_cloud_run_v2_job` sets `deletion_protection = false` (the google provider's default is true), so a destroy plan cannot delete the service. Other environments are not checked.",
  appliesTo: ["google_cloud_run_v2_service", "google_cloud_run_v2_job"],
  check(service, context) {
    if (!context.traits.protected || !isFalse(service.config.deletion_protection)) return undefined;
    return `deletion_protection is false in ${context.environment}, a protected environment; leave it true (CloudRunService prop deletionProtection)`;
  },
};
