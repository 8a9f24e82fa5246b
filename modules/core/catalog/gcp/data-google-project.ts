import { type CatalogEntry } from "../entry";

/** Looks up a project: its id and number name it. */
export const entry: CatalogEntry = {
  type: "data.google_project",
  identity: ["id", "project_id", "number", "name"],
};
