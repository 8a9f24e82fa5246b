import { type CatalogEntry } from "../entry";

/** A run trigger: a successful apply in the source workspace queues a run in the workspace. */
export const entry: CatalogEntry = {
  type: "tfe_run_trigger",
  forceNew: { all: true, except: [] },
};
