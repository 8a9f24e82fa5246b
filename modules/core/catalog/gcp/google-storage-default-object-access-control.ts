import { type CatalogEntry } from "../entry";

/** One entry of a Cloud Storage default object ACL (an entity and its role): allUsers or allAuthenticatedUsers make it public. */
export const entry: CatalogEntry = {
  type: "google_storage_default_object_access_control",
  forceNew: ["bucket", "entity"],
  grants: [{ kind: "public-exposure", attributes: ["*"], what: "default object ACL entry" }],
};
