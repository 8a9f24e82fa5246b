import { type CatalogEntry } from "../entry";

/**
 * An HCP Terraform workspace: where a stack's runs happen and its state is kept. What it exposes is
 * its state: to every workspace of the organization (`global_remote_state`) or to the listed ones
 * (`remote_state_consumer_ids`); whether a destroy plan may be queued is `allow_destroy_plan`.
 */
export const entry: CatalogEntry = {
  type: "tfe_workspace",
  forceNew: ["organization", "source_name", "source_url"],
  grants: [{ kind: "public-exposure", attributes: ["global_remote_state", "remote_state_consumer_ids", "allow_destroy_plan"], what: "the workspace's state to other workspaces, and destroy plans" }],
};
