import { type CatalogEntry } from "../entry";

/** A workspace's execution settings (where runs happen) and who may read its state (`global_remote_state`, `remote_state_consumer_ids`). */
export const entry: CatalogEntry = {
  type: "tfe_workspace_settings",
  forceNew: ["workspace_id"],
  grants: [{ kind: "public-exposure", attributes: ["global_remote_state", "remote_state_consumer_ids"], what: "the workspace's state to other workspaces" }],
};
