import { arnOf, literal, type CatalogEntry } from "../entry";
import { prefixed } from "../names";

/** A CodeDeploy deployment configuration: how fast traffic moves (canary, linear). It has no update: any change replaces it. */
export const entry: CatalogEntry = {
  type: "aws_codedeploy_deployment_config",
  // arn:aws:codedeploy:<region>:<account>:deploymentconfig:<name>
  arn: (c, p) => arnOf(p, "codedeploy", prefixed("deploymentconfig:", literal(c, "deployment_config_name"))),
  forceNew: { all: true, except: [] },
  identity: ["id", "arn", "deployment_config_name"],
  local: { kind: "inert", why: "there is no rollout locally: the live alias runs the code apply deployed" },
};
