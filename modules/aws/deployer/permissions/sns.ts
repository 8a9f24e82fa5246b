import { environmentArn, type DeployGrants } from "./grant";

/** Topics of the environment, and their subscriptions (`<topic arn>:<id>`). */
const TOPIC = environmentArn("aws_sns_topic", { name: "{prefix}*" });

/** SNS: topics, their policies and subscriptions. */
export const SNS_GRANTS: DeployGrants = {
  aws_sns_topic: [
    { phase: "read", actions: ["sns:GetTopicAttributes", "sns:ListTagsForResource"], resources: [TOPIC] },
    { phase: "manage", actions: ["sns:CreateTopic", "sns:DeleteTopic", "sns:SetTopicAttributes", "sns:TagResource", "sns:UntagResource"], resources: [TOPIC] },
  ],
  aws_sns_topic_policy: [
    { phase: "read", actions: ["sns:GetTopicAttributes"], resources: [TOPIC] },
    { phase: "manage", actions: ["sns:SetTopicAttributes"], resources: [TOPIC] },
  ],
  aws_sns_topic_subscription: [
    { phase: "read", actions: ["sns:GetSubscriptionAttributes", "sns:GetTopicAttributes"], resources: [TOPIC] },
    { phase: "manage", actions: ["sns:Subscribe", "sns:Unsubscribe", "sns:SetSubscriptionAttributes"], resources: [TOPIC] },
  ],
};
