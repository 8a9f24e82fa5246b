import { type CatalogEntry } from "../entry";
import { gcpName } from "../names";

/** A Cloud Run service: reachable per its ingress, invocable per its IAM unless the invoker check is disabled. */
export const entry: CatalogEntry = {
  type: "google_cloud_run_v2_service",
  arn: (c, p) => gcpName(c, p, "services", "name"),
  forceNew: ["name", "location", "project"],
  grants: [
    { kind: "public-exposure", attributes: ["ingress", "invoker_iam_disabled", "default_uri_disabled"], what: "Cloud Run ingress and invoker check" },
    // The service's code acts as this service account (the project's default compute account when unset).
    { kind: "runs-as", attributes: ["template.service_account"], role: "template.service_account" },
  ],
};
