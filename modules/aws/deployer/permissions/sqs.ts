import { environmentArn, type DeployGrants } from "./grant";

const QUEUE = environmentArn("aws_sqs_queue", { name: "{prefix}*" });
const READ = ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ListQueueTags"];

/** SQS: queues, and their policies and redrive settings (queue attributes). */
export const SQS_GRANTS: DeployGrants = {
  aws_sqs_queue: [
    { phase: "read", actions: READ, resources: [QUEUE] },
    { phase: "manage", actions: ["sqs:CreateQueue", "sqs:DeleteQueue", "sqs:SetQueueAttributes", "sqs:TagQueue", "sqs:UntagQueue"], resources: [QUEUE] },
  ],
  aws_sqs_queue_policy: [
    { phase: "read", actions: READ, resources: [QUEUE] },
    { phase: "manage", actions: ["sqs:SetQueueAttributes"], resources: [QUEUE] },
  ],
  aws_sqs_queue_redrive_policy: [
    { phase: "read", actions: READ, resources: [QUEUE] },
    { phase: "manage", actions: ["sqs:SetQueueAttributes"], resources: [QUEUE] },
  ],
  aws_sqs_queue_redrive_allow_policy: [
    { phase: "read", actions: READ, resources: [QUEUE] },
    { phase: "manage", actions: ["sqs:SetQueueAttributes"], resources: [QUEUE] },
  ],
};
