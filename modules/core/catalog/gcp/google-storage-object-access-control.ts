import { type CatalogEntry } from "../entry";

/** One entry of a Cloud Storage object ACL (an entity and its role): allUsers or allAuthenticatedUsers make it public. */
export const entry: CatalogEntry = {
  type: "google_storage_object_access_control",
  forceNew: ["bucket", "entity", "object"],
  grants: [{ kind: "public-exposure", attributes: ["*"], what: "object ACL entry" }],
};
