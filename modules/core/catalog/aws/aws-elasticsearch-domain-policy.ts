import { type CatalogEntry } from "../entry";

/** The access policies of a search domain. */
export const entry: CatalogEntry = {
  type: "aws_elasticsearch_domain_policy",
  forceNew: ["domain_name"],
  grants: [
    { kind: "resource-policy", attributes: ["access_policies", "domain_name"], policy: "access_policies", resource: "domain_name" },
  ],
  local: { kind: "not-emulated", what: "OpenSearch (Elasticsearch) domains" },
};
