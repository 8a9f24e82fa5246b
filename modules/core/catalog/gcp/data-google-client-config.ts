import { type CatalogEntry } from "../entry";

/** The provider's project, region and access token. */
export const entry: CatalogEntry = {
  type: "data.google_client_config",
  data: (attribute, _c, p) => { if (attribute === "project") return p.project ? { value: p.project } : { identity: true }; if (attribute === "region") return p.region ? { value: p.region } : { identity: true }; return attribute === "id" ? { identity: true } : undefined; },
};
