import { type CatalogEntry } from "../entry";

/** The resource policy of an EFS file system. */
export const entry: CatalogEntry = {
  type: "aws_efs_file_system_policy",
  forceNew: ["file_system_id"],
  grants: [
    { kind: "resource-policy", attributes: ["policy", "file_system_id"], policy: "policy", resource: "file_system_id" },
  ],
  local: { kind: "not-emulated", what: "EFS file systems" },
};
