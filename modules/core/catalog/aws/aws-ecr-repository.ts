import { arnOf, literal, type CatalogEntry } from "../entry";
import { prefixed } from "../names";

/** An ECR repository. */
export const entry: CatalogEntry = {
  type: "aws_ecr_repository",
  globalNames: [{ attribute: "name", scope: "aws-region", what: "ECR repository name" }],
  arn: (c, p) => arnOf(p, "ecr", prefixed("repository/", literal(c, "name"))),
  forceNew: ["name", "encryption_configuration"],
  local: { kind: "inert", why: "container images are not run locally" },
};
