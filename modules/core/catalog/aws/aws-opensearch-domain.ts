import { type CatalogEntry } from "../entry";

/** A search domain with its access policies. */
export const entry: CatalogEntry = {
  type: "aws_opensearch_domain",
  forceNew: ["domain_name"],
  grants: [
    { kind: "resource-policy", attributes: ["access_policies"], policy: "access_policies" },
  ],
  local: { kind: "not-emulated", what: "OpenSearch domains" },
};
