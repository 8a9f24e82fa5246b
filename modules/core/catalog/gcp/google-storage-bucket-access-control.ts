import { type CatalogEntry } from "../entry";

/** One entry of a Cloud Storage bucket ACL (an entity and its role): allUsers or allAuthenticatedUsers make it public. */
export const entry: CatalogEntry = {
  type: "google_storage_bucket_access_control",
  forceNew: ["bucket", "entity"],
  grants: [{ kind: "public-exposure", attributes: ["*"], what: "bucket ACL entry" }],
};
