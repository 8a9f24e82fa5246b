import { type CatalogEntry } from "../entry";

/** A key of a service account: a long-lived private key written to the state. */
export const entry: CatalogEntry = {
  type: "google_service_account_key",
  forceNew: { all: true, except: [] },
  grants: [
    { kind: "credentials", attributes: ["*"] },
  ],
};
