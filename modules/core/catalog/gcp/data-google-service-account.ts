import { type CatalogEntry } from "../entry";

/** Looks up a service account: its email and name name it. */
export const entry: CatalogEntry = {
  type: "data.google_service_account",
  identity: ["id", "email", "member", "name", "unique_id", "account_id"],
};
