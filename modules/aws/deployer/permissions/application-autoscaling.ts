import { environmentArn, type DeployGrants } from "./grant";

/** Scalable targets are named by an id Application Auto Scaling assigns: the environment's account and regions. */
const TARGETS = "arn:{partition}:application-autoscaling:{region}:{account}:scalable-target/*";
/**
 * What the environment scales: the provisioned concurrency of Lambda aliases (Application Auto Scaling
 * has no condition key on the resource id; the targets are the account's, in the environment's regions).
 */
const LAMBDA_CONCURRENCY = {
  StringEquals: { "application-autoscaling:service-namespace": ["lambda"], "application-autoscaling:scalable-dimension": ["lambda:function:ProvisionedConcurrency"] },
};
const FUNCTION = environmentArn("aws_lambda_function", { function_name: "{prefix}*" });
/** Target tracking policies create and delete their own alarms, named after the function and alias. */
const TRACKING_ALARMS = environmentArn("aws_cloudwatch_metric_alarm", { alarm_name: "TargetTracking-function:{prefix}*" });
/** The service-linked role Application Auto Scaling scales Lambda's provisioned concurrency with (created by the first registration). */
const LAMBDA_CONCURRENCY_ROLE = "arn:{partition}:iam::{account}:role/aws-service-role/lambda.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency";

/**
 * Application Auto Scaling (provisioned concurrency of a Lambda alias). Registering a target checks
 * that the caller may change what it scales; its role is the service-linked one, whose permissions
 * AWS defines (no boundary can be attached to it), created only for that service.
 */
export const APPLICATION_AUTOSCALING_GRANTS: DeployGrants = {
  aws_appautoscaling_target: [
    { phase: "read", actions: ["application-autoscaling:DescribeScalableTargets"], resources: ["*"] },
    { phase: "read", actions: ["application-autoscaling:ListTagsForResource"], resources: [TARGETS] },
    {
      phase: "manage",
      actions: ["application-autoscaling:RegisterScalableTarget", "application-autoscaling:DeregisterScalableTarget", "application-autoscaling:TagResource", "application-autoscaling:UntagResource"],
      resources: [TARGETS],
      conditions: LAMBDA_CONCURRENCY,
    },
    { phase: "manage", actions: ["lambda:GetProvisionedConcurrencyConfig", "lambda:PutProvisionedConcurrencyConfig", "lambda:DeleteProvisionedConcurrencyConfig"], resources: [FUNCTION] },
    {
      phase: "manage",
      actions: ["iam:CreateServiceLinkedRole"],
      resources: [LAMBDA_CONCURRENCY_ROLE],
      conditions: { StringEquals: { "iam:AWSServiceName": ["lambda.application-autoscaling.amazonaws.com"] } },
    },
  ],
  aws_appautoscaling_policy: [
    { phase: "read", actions: ["application-autoscaling:DescribeScalingPolicies"], resources: ["*"] },
    { phase: "manage", actions: ["application-autoscaling:PutScalingPolicy", "application-autoscaling:DeleteScalingPolicy"], resources: [TARGETS], conditions: LAMBDA_CONCURRENCY },
    { phase: "manage", actions: ["cloudwatch:DescribeAlarms", "cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms"], resources: [TRACKING_ALARMS] },
  ],
};
