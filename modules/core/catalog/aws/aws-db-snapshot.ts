import { type CatalogEntry } from "../entry";

/** A manual RDS snapshot, shared with the accounts in `shared_accounts` (`all`: everyone). */
export const entry: CatalogEntry = {
  type: "aws_db_snapshot",
  forceNew: ["db_instance_identifier", "db_snapshot_identifier"],
  local: { kind: "not-emulated", what: "database snapshots: no local database" },
  grants: [
    { kind: "public-exposure", attributes: ["shared_accounts"], what: "DB snapshot sharing", public: { attribute: "shared_accounts", values: ["all"] } },
  ],
};
