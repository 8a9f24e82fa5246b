import { type CatalogEntry } from "../entry";

/** Fetches a URL when Terraform plans. */
export const entry: CatalogEntry = {
  type: "data.http",
  identity: [],
  unverifiable: "fetches a URL when Terraform plans: what it returns is only known then",
};
