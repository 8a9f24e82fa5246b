import { type CatalogEntry } from "../entry";

/** Which images an ECR repository expires. */
export const entry: CatalogEntry = {
  type: "aws_ecr_lifecycle_policy",
  forceNew: ["repository"],
  local: { kind: "inert", why: "container images are not run locally" },
};
