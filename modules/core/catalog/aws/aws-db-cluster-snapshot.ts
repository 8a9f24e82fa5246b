import { type CatalogEntry } from "../entry";

/** A manual Aurora cluster snapshot, shared with the accounts in `shared_accounts` (`all`: everyone). */
export const entry: CatalogEntry = {
  type: "aws_db_cluster_snapshot",
  forceNew: ["db_cluster_identifier", "db_cluster_snapshot_identifier"],
  local: { kind: "not-emulated", what: "database cluster snapshots: no local database" },
  grants: [
    { kind: "public-exposure", attributes: ["shared_accounts"], what: "DB cluster snapshot sharing", public: { attribute: "shared_accounts", values: ["all"] } },
  ],
};
