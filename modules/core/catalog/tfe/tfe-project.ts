import { type CatalogEntry } from "../entry";

/** An HCP Terraform project: a folder of workspaces. Who may use it is granted by team access (`tfe_team_project_access`), not here. */
export const entry: CatalogEntry = {
  type: "tfe_project",
  forceNew: ["organization"],
};
