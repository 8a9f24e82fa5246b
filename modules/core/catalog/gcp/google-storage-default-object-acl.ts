import { type CatalogEntry } from "../entry";

/** The default ACL of new objects of a bucket. */
export const entry: CatalogEntry = {
  type: "google_storage_default_object_acl",
  forceNew: ["bucket"],
  grants: [
    { kind: "public-exposure", attributes: ["*"], what: "default object ACL" },
  ],
};
