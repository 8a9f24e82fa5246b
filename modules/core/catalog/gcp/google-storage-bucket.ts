import { literal, type CatalogEntry } from "../entry";

/** A Cloud Storage bucket: its public access prevention and uniform access decide whether ACLs can make it public. */
export const entry: CatalogEntry = {
  type: "google_storage_bucket",
  arn: (c) => (literal(c, "name") ? `projects/_/buckets/${literal(c, "name")}` : undefined),
  globalNames: [{ attribute: "name", scope: "gcp-global", what: "Cloud Storage bucket name" }],
  forceNew: ["name", "location", "project"],
  grants: [
    { kind: "public-exposure", attributes: ["uniform_bucket_level_access", "public_access_prevention", "website"], what: "bucket public access prevention" },
  ],
};
