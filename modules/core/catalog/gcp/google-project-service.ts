import { type CatalogEntry } from "../entry";

/** Enables an API on a project. */
export const entry: CatalogEntry = {
  type: "google_project_service",
  forceNew: ["service", "project"],
};
