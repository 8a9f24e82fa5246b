import { type CatalogEntry } from "../entry";

/** The resource policy of a backup vault. */
export const entry: CatalogEntry = {
  type: "aws_backup_vault_policy",
  forceNew: ["backup_vault_name"],
  grants: [
    { kind: "resource-policy", attributes: ["policy", "backup_vault_name"], policy: "policy", resource: "backup_vault_name" },
  ],
  local: { kind: "not-emulated", what: "AWS Backup" },
};
