import { arnOf, literal, type CatalogEntry } from "../entry";

/** A CodeDeploy deployment group: its deployments run as its service role (for Lambda: move an alias, read alarms, invoke hooks). */
export const entry: CatalogEntry = {
  type: "aws_codedeploy_deployment_group",
  // arn:aws:codedeploy:<region>:<account>:deploymentgroup:<application>/<group>
  arn: (c, p) => {
    const app = literal(c, "app_name");
    const group = literal(c, "deployment_group_name");
    return app && group ? arnOf(p, "codedeploy", `deploymentgroup:${app}/${group}`) : undefined;
  },
  identity: ["id", "arn", "app_name", "deployment_group_name"],
  // The role CodeDeploy acts as: a value there that synth cannot read is refused.
  grants: [{ kind: "policy-attachment", attributes: ["service_role_arn"] }],
  local: { kind: "inert", why: "there is no rollout locally: the live alias runs the code apply deployed" },
};
