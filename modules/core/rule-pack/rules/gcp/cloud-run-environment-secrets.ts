import { block, blocks, dig } from "../../config";
import type { Rule } from "../../rule";
import { secretLooking } from "../secret-patterns";

export const cloudRunEnvironmentSecrets: Rule = {
  id: "cloud-run-environment-secrets",
  title: "Cloud Run environment variables hold no secrets",
  checkov: [],
  trivy: [],
  description:
    "No literal `env.value` of a Cloud Run container (service or job) looks like a credential or is named like a secret: the same patterns as `lambda-environment-secrets` (CKV_AWS_45), for which checkov and trivy have no Cloud Run resource check. Mount secrets with `value_source.secret_key_ref` (CloudRunService prop secrets) instead.",
  appliesTo: ["google_cloud_run_v2_service", "google_cloud_run_v2_job"],
  check(service) {
    const template = service.type === "google_cloud_run_v2_job" ? dig(service.config, "template.template") : service.config.template;
    const problems = blocks(block(template)?.containers)
      .flatMap((c) => blocks(c.env))
      .map((e) => secretLooking(String(e.name ?? ""), e.value))
      .filter((p): p is string => p !== undefined);
    if (problems.length === 0) return undefined;
    return `template.containers.env: ${problems.join("; ")}; reference a Secret Manager secret with value_source.secret_key_ref (CloudRunService prop secrets)`;
  },
};
