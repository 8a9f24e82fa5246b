import { dig, isExpression, isSet, show } from "../../config";
import type { Rule } from "../../rule";
import { isDefaultServiceAccount } from "./iam-members";

export const cloudRunOwnServiceAccount: Rule = {
  id: "cloud-run-own-service-account",
  title: "Cloud Run services run as their own service account",
  checkov: [],
  trivy: [],
  description:
    "A Cloud Run service (`google_cloud_run_v2_service.template.service_account`, v1 `template.spec.service_account_name`) or job sets a service account, and not the default Compute Engine or App Engine one: unset, it runs as `<number>-compute@developer.gserviceaccount.com`, which holds roles/editor on the project. CloudRunService creates one per service. checkov and trivy have no resource check for it; CKV_GCP_46 and GCP-0006 target the same default account at project level.",
  appliesTo: ["google_cloud_run_v2_service", "google_cloud_run_v2_job", "google_cloud_run_service"],
  check(service) {
    const attribute =
      service.type === "google_cloud_run_v2_service"
        ? "template.service_account"
        : service.type === "google_cloud_run_v2_job"
          ? "template.template.service_account"
          : "template.spec.service_account_name";
    const account = dig(service.config, attribute);
    if (!isSet(account)) return `${attribute} is unset: the service runs as the default compute service account (roles/editor); give it its own google_service_account`;
    if (typeof account === "string" && !isExpression(account) && isDefaultServiceAccount(account)) {
      return `${attribute} is ${show(account)}, a default service account (roles/editor); give the service its own google_service_account`;
    }
    return undefined;
  },
};
