import { type CatalogEntry } from "../entry";

/** Reads the outputs of another stack or workspace when Terraform runs: none of its values is known at synth. */
export const entry: CatalogEntry = {
  type: "data.terraform_remote_state",
  identity: [],
};
