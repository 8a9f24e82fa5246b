import { type CatalogEntry } from "../entry";

/** The registry policy (replication permissions for other accounts). */
export const entry: CatalogEntry = {
  type: "aws_ecr_registry_policy",
  forceNew: [],
  grants: [
    { kind: "resource-policy", attributes: ["policy"], policy: "policy" },
  ],
  local: { kind: "inert", why: "container images are not run locally" },
};
