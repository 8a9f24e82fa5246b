import { literal, type CatalogEntry } from "../entry";

/** A Cloud Scheduler job. */
export const entry: CatalogEntry = {
  type: "google_cloud_scheduler_job",
  arn: (c, p) => { const project = literal(c, "project") ?? p.project; const region = literal(c, "region") ?? p.region; const n = literal(c, "name"); return project && region && n ? `projects/${project}/locations/${region}/jobs/${n}` : undefined; },
  forceNew: ["name", "region", "project"],
};
