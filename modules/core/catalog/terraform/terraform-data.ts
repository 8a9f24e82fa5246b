import { type CatalogEntry } from "../entry";

/** Holds a value and can trigger replacements; its output repeats its input, which is read through wherever it is used. */
export const entry: CatalogEntry = {
  type: "terraform_data",
  forceNew: ["triggers_replace"],
  identity: ["id"],
  passthrough: { output: "input" },
  unverifiable: "terraform_data holds values and replacement triggers outside any resource: synth cannot tell what they drive",
};
