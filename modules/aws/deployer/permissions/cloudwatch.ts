import { environmentArn, type DeployGrants } from "./grant";

/** The environment's alarms (`alarm:<project>-<env>-...`). */
const ALARM = environmentArn("aws_cloudwatch_metric_alarm", { alarm_name: "{prefix}*" });

/** CloudWatch metric alarms: the ones the stacks name, read, written and tagged by name. */
export const CLOUDWATCH_GRANTS: DeployGrants = {
  aws_cloudwatch_metric_alarm: [
    { phase: "read", actions: ["cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource"], resources: [ALARM] },
    { phase: "manage", actions: ["cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:TagResource", "cloudwatch:UntagResource"], resources: [ALARM] },
  ],
};
