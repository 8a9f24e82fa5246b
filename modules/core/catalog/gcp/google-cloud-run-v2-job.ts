import { type CatalogEntry } from "../entry";
import { gcpName } from "../names";

/** A Cloud Run job. */
export const entry: CatalogEntry = {
  type: "google_cloud_run_v2_job",
  arn: (c, p) => gcpName(c, p, "jobs", "name"),
  forceNew: ["name", "location", "project"],
  grants: [
    { kind: "runs-as", attributes: ["template.template.service_account"], role: "template.template.service_account" },
  ],
};
