import { arnOf, literal, type CatalogEntry } from "../entry";
import { prefixed } from "../names";

/** A CodeDeploy application (for Lambda: its deployment groups move aliases). */
export const entry: CatalogEntry = {
  type: "aws_codedeploy_app",
  // arn:aws:codedeploy:<region>:<account>:application:<name>
  arn: (c, p) => arnOf(p, "codedeploy", prefixed("application:", literal(c, "name"))),
  forceNew: ["compute_platform"],
  local: { kind: "inert", why: "there is no rollout locally: the live alias runs the code apply deployed" },
};
