import { type CatalogEntry } from "../entry";

/** The ACL of a Cloud Storage bucket (allUsers readers make it public). */
export const entry: CatalogEntry = {
  type: "google_storage_bucket_acl",
  forceNew: ["bucket"],
  grants: [
    { kind: "public-exposure", attributes: ["*"], what: "bucket ACL" },
  ],
};
