import { environmentArn, type DeployGrants } from "./grant";

/** The environment's applications (named after their functions), their deployment groups and own configurations. */
const APPLICATION = environmentArn("aws_codedeploy_app", { name: "{prefix}*" });
const GROUP = environmentArn("aws_codedeploy_deployment_group", { app_name: "{prefix}*", deployment_group_name: "*" });
const CONFIG = environmentArn("aws_codedeploy_deployment_config", { deployment_config_name: "{prefix}*" });
/** The configurations AWS predefines (`CodeDeployDefault.LambdaCanary10Percent5Minutes`...), which a group may name. */
const PREDEFINED_CONFIG = environmentArn("aws_codedeploy_deployment_config", { deployment_config_name: "CodeDeployDefault.*" });

/**
 * CodeDeploy (Lambda compute platform). A deployment group passes its service role to CodeDeploy.
 * After apply, the deploy job's `npm run rollout` runs as the apply role: it creates a deployment in
 * the group (which reads its configuration and registers the AppSpec as the application's revision),
 * follows it, and stops it when the job gives up; StopDeployment cannot be scoped to a resource.
 */
export const CODEDEPLOY_GRANTS: DeployGrants = {
  aws_codedeploy_app: [
    { phase: "read", actions: ["codedeploy:GetApplication", "codedeploy:ListTagsForResource"], resources: [APPLICATION] },
    {
      phase: "manage",
      actions: ["codedeploy:CreateApplication", "codedeploy:DeleteApplication", "codedeploy:UpdateApplication", "codedeploy:TagResource", "codedeploy:UntagResource"],
      resources: [APPLICATION],
    },
  ],
  aws_codedeploy_deployment_group: [
    { phase: "read", actions: ["codedeploy:GetDeploymentGroup", "codedeploy:ListTagsForResource"], resources: [GROUP] },
    {
      phase: "manage",
      actions: ["codedeploy:CreateDeploymentGroup", "codedeploy:UpdateDeploymentGroup", "codedeploy:DeleteDeploymentGroup", "codedeploy:TagResource", "codedeploy:UntagResource"],
      resources: [GROUP],
      passRole: { service: "codedeploy.amazonaws.com", attribute: "service_role_arn" },
    },
    // npm run rollout, after apply.
    { phase: "manage", actions: ["codedeploy:CreateDeployment", "codedeploy:GetDeployment"], resources: [GROUP] },
    { phase: "manage", actions: ["codedeploy:GetDeploymentConfig"], resources: [CONFIG, PREDEFINED_CONFIG] },
    { phase: "manage", actions: ["codedeploy:GetApplicationRevision", "codedeploy:RegisterApplicationRevision"], resources: [APPLICATION] },
    { phase: "manage", actions: ["codedeploy:StopDeployment"], resources: ["*"] },
  ],
  aws_codedeploy_deployment_config: [
    { phase: "read", actions: ["codedeploy:GetDeploymentConfig"], resources: [CONFIG] },
    { phase: "manage", actions: ["codedeploy:CreateDeploymentConfig", "codedeploy:DeleteDeploymentConfig"], resources: [CONFIG] },
  ],
};
