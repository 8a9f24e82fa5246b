import { type CatalogEntry } from "../entry";
import { gcpName } from "../names";

/** A Cloud Run service (v1 API); its ingress is an annotation. */
export const entry: CatalogEntry = {
  type: "google_cloud_run_service",
  arn: (c, p) => gcpName(c, p, "services", "name"),
  forceNew: ["name", "location", "project"],
  grants: [
    { kind: "public-exposure", attributes: ["metadata.annotations"], what: "Cloud Run ingress" },
    { kind: "runs-as", attributes: ["template.spec.service_account_name"], role: "template.spec.service_account_name" },
  ],
};
