import { environmentArn, type DeployGrants } from "./grant";

/** Rules of the environment: on the default bus (`rule/<name>`), or any rule of a bus of the environment (`rule/<bus>/<name>`). */
const RULES = [environmentArn("aws_cloudwatch_event_rule", { name: "{prefix}*" })];

/** Event buses of the environment. */
const BUSES = [environmentArn("aws_cloudwatch_event_bus", { name: "{prefix}*" })];

export const EVENTS_GRANTS: DeployGrants = {
  aws_cloudwatch_event_bus: [
    { phase: "read", actions: ["events:DescribeEventBus", "events:ListTagsForResource"], resources: BUSES },
    { phase: "manage", actions: ["events:CreateEventBus", "events:UpdateEventBus", "events:DeleteEventBus", "events:TagResource", "events:UntagResource"], resources: BUSES },
  ],
  aws_cloudwatch_event_rule: [
    { phase: "read", actions: ["events:DescribeRule", "events:ListTagsForResource"], resources: RULES },
    { phase: "manage", actions: ["events:PutRule", "events:DeleteRule", "events:EnableRule", "events:DisableRule", "events:TagResource", "events:UntagResource"], resources: RULES },
  ],
  aws_cloudwatch_event_target: [
    { phase: "read", actions: ["events:ListTargetsByRule"], resources: RULES },
    { phase: "manage", actions: ["events:PutTargets", "events:RemoveTargets"], resources: RULES, passRole: { service: "events.amazonaws.com", attribute: "role_arn" } },
  ],
};
