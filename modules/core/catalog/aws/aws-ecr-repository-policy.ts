import { type CatalogEntry } from "../entry";

/** The resource policy of an ECR repository: who may pull or push. */
export const entry: CatalogEntry = {
  type: "aws_ecr_repository_policy",
  forceNew: ["repository"],
  grants: [
    { kind: "resource-policy", attributes: ["policy", "repository"], policy: "policy", resource: "repository" },
  ],
  local: { kind: "inert", why: "container images are not run locally" },
};
