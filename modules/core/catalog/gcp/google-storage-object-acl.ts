import { type CatalogEntry } from "../entry";

/** The ACL of one object. */
export const entry: CatalogEntry = {
  type: "google_storage_object_acl",
  forceNew: ["bucket", "object"],
  grants: [
    { kind: "public-exposure", attributes: ["*"], what: "object ACL" },
  ],
};
