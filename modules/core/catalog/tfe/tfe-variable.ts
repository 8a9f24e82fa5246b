import { type CatalogEntry } from "../entry";

/**
 * A variable of a workspace (or variable set): what every run of the workspace sees, environment
 * variables such as `TFC_AWS_APPLY_ROLE_ARN` included (which role the run assumes). A `sensitive`
 * value is written to the state like any other.
 */
export const entry: CatalogEntry = {
  type: "tfe_variable",
  forceNew: ["workspace_id", "variable_set_id"],
  grants: [{ kind: "credentials", attributes: ["key", "value", "category", "sensitive"] }],
};
