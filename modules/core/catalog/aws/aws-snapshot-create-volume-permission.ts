import { type CatalogEntry } from "../entry";

/** Lets another account create volumes from an EBS snapshot (it reads the whole disk). */
export const entry: CatalogEntry = {
  type: "aws_snapshot_create_volume_permission",
  forceNew: { all: true, except: [] },
  local: { kind: "not-emulated", what: "who may create volumes from an EBS snapshot: no local caller does" },
  grants: [
    { kind: "public-exposure", attributes: ["account_id", "snapshot_id"], what: "EBS snapshot volume permission" },
  ],
};
