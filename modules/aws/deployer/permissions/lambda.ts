import { environmentArn, type DeployGrants } from "./grant";

const FUNCTION = environmentArn("aws_lambda_function", { function_name: "{prefix}*" });
const LAYER = environmentArn("aws_lambda_layer_version", { layer_name: "{prefix}*" });
const MAPPING = "arn:{partition}:lambda:{region}:{account}:event-source-mapping:*";
/** Event source mappings are named by a UUID Lambda assigns: scoped to the environment's functions by `lambda:FunctionArn`. */
const OF_ENVIRONMENT_FUNCTIONS = { ArnLike: { "lambda:FunctionArn": [FUNCTION] } };

/**
 * Lambda. Reads follow the provider: a function's refresh calls GetFunction, its latest version
 * (ListVersionsByFunction) and its code signing config; creation waits with GetFunction. A function
 * in a VPC is created only by a caller that may describe its subnets and security groups.
 */
export const LAMBDA_GRANTS: DeployGrants = {
  aws_lambda_function: [
    { phase: "read", actions: ["lambda:GetFunction", "lambda:GetFunctionConfiguration", "lambda:ListVersionsByFunction", "lambda:GetFunctionCodeSigningConfig", "lambda:GetFunctionConcurrency", "lambda:ListTags"], resources: [FUNCTION] },
    {
      phase: "manage",
      actions: [
        "lambda:CreateFunction",
        "lambda:DeleteFunction",
        "lambda:UpdateFunctionCode",
        "lambda:UpdateFunctionConfiguration",
        "lambda:PublishVersion",
        "lambda:PutFunctionConcurrency",
        "lambda:DeleteFunctionConcurrency",
        "lambda:TagResource",
        "lambda:UntagResource",
      ],
      resources: [FUNCTION],
      passRole: { service: "lambda.amazonaws.com", attribute: "role" },
    },
    // Creating or updating a function in a VPC checks that the caller can see its network.
    { phase: "manage", actions: ["ec2:DescribeSecurityGroups", "ec2:DescribeSubnets", "ec2:DescribeVpcs"], resources: ["*"] },
    // A function's layers are checked with the caller's permissions.
    { phase: "manage", actions: ["lambda:GetLayerVersion"], resources: [LAYER] },
  ],
  aws_lambda_layer_version: [
    { phase: "read", actions: ["lambda:GetLayerVersion"], resources: [LAYER] },
    { phase: "manage", actions: ["lambda:PublishLayerVersion", "lambda:DeleteLayerVersion"], resources: [LAYER] },
  ],
  aws_lambda_permission: [
    { phase: "read", actions: ["lambda:GetPolicy"], resources: [FUNCTION] },
    { phase: "manage", actions: ["lambda:AddPermission", "lambda:RemovePermission"], resources: [FUNCTION] },
  ],
  aws_lambda_alias: [
    { phase: "read", actions: ["lambda:GetAlias"], resources: [FUNCTION] },
    { phase: "manage", actions: ["lambda:CreateAlias", "lambda:UpdateAlias", "lambda:DeleteAlias"], resources: [FUNCTION] },
  ],
  aws_lambda_function_url: [
    { phase: "read", actions: ["lambda:GetFunctionUrlConfig", "lambda:GetPolicy"], resources: [FUNCTION] },
    // A URL without IAM auth gets its public-access permission statement from the provider.
    { phase: "manage", actions: ["lambda:CreateFunctionUrlConfig", "lambda:UpdateFunctionUrlConfig", "lambda:DeleteFunctionUrlConfig", "lambda:AddPermission", "lambda:RemovePermission"], resources: [FUNCTION] },
  ],
  aws_lambda_function_event_invoke_config: [
    { phase: "read", actions: ["lambda:GetFunctionEventInvokeConfig"], resources: [FUNCTION] },
    { phase: "manage", actions: ["lambda:PutFunctionEventInvokeConfig", "lambda:UpdateFunctionEventInvokeConfig", "lambda:DeleteFunctionEventInvokeConfig"], resources: [FUNCTION] },
  ],
  aws_lambda_provisioned_concurrency_config: [
    { phase: "read", actions: ["lambda:GetProvisionedConcurrencyConfig"], resources: [FUNCTION] },
    { phase: "manage", actions: ["lambda:PutProvisionedConcurrencyConfig", "lambda:DeleteProvisionedConcurrencyConfig"], resources: [FUNCTION] },
  ],
  aws_lambda_event_source_mapping: [
    { phase: "read", actions: ["lambda:GetEventSourceMapping", "lambda:ListTags"], resources: [MAPPING] },
    { phase: "manage", actions: ["lambda:CreateEventSourceMapping"], resources: ["*"], conditions: OF_ENVIRONMENT_FUNCTIONS },
    { phase: "manage", actions: ["lambda:UpdateEventSourceMapping", "lambda:DeleteEventSourceMapping"], resources: [MAPPING], conditions: OF_ENVIRONMENT_FUNCTIONS },
    { phase: "manage", actions: ["lambda:TagResource", "lambda:UntagResource"], resources: [MAPPING] },
  ],
};
