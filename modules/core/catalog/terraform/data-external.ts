import { type CatalogEntry } from "../entry";

/** Runs a program on the machine that plans and returns what it prints. */
export const entry: CatalogEntry = {
  type: "data.external",
  identity: [],
  executes: "runs the program in its `program` argument on the machine that plans, with that machine's credentials",
};
