import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { KmsKeyPolicy } from "@cdktf/provider-aws/lib/kms-key-policy";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { TerraformStack } from "cdktf";
import { Construct, type IConstruct } from "constructs";
import { arnRegion, checkArns, checkSameRegion } from "../core/apply-time";
import { arnOf, matches } from "../core/rules";
import { optional, props, type TypeOf } from "../core/schema";
import { checkAgainstStack, stackContext } from "../core/stack-context";
import { useRelativeLocalState } from "../core/relative-local-state";
import { Validator } from "../core/validation";

/** A standard SNS topic's ARN (CloudWatch does not publish to FIFO topics). */
export const ALARM_TOPIC_ARN = arnOf("sns", "a standard SNS topic ARN", /^[A-Za-z0-9_-]{1,256}$/);
const TOPIC_NAME = matches(/^[A-Za-z0-9_-]{1,256}$/, "an SNS topic name: 1 to 256 letters, digits, - or _ (not FIFO: CloudWatch publishes to standard topics)");

/** What a stack says about its alarm topic (`useAlarmTopic`). */
const ALARM_TOPIC_CHOICE = props(
  {
    /**
     * An existing topic every alarm of the stack notifies (config `aws.alarmTopicArn`), in the stack's
     * region: CloudWatch notifies topics of its own region only. Its policy and key must let CloudWatch
     * publish (see docs/delivery.md).
     * @default a topic the stack creates
     */
    topicArn: optional(ALARM_TOPIC_ARN),
    /** The name of the topic the stack creates. @default `<stack id>-alarms` */
    topicName: optional(TOPIC_NAME),
  },
  {
    name: "useAlarmTopic choice",
    expected: "{ topicArn? } or { topicName? }",
    refine(choice, r) {
      if (choice.topicArn !== undefined && choice.topicName !== undefined) r.fail("topicName", "unset with topicArn (the stack creates no topic then)", choice.topicName);
      if (r.scope === undefined || typeof choice.topicArn !== "string") return;
      const topicArn = choice.topicArn;
      checkAgainstStack(r.v, r.scope, "aws", r.kind, (v, { aws }) => {
        checkArns(v, { topicArn }, aws);
        checkSameRegion(v, "topicArn", topicArn, arnRegion(topicArn), aws, "an SNS topic (CloudWatch notifies topics of its own region only)");
      });
    },
  },
);

export interface AlarmTopicChoice extends TypeOf<typeof ALARM_TOPIC_CHOICE> {}

/**
 * The KMS actions of the account's own statement in the topic key's policy: administering the key and
 * using it, delegated to IAM policies of the account (the usual "root" statement, written without a
 * wildcard action).
 */
export const ALARM_KEY_ACCOUNT_ACTIONS = [
  "kms:CancelKeyDeletion",
  "kms:CreateGrant",
  "kms:Decrypt",
  "kms:DescribeKey",
  "kms:DisableKey",
  "kms:DisableKeyRotation",
  "kms:EnableKey",
  "kms:EnableKeyRotation",
  "kms:GenerateDataKey",
  "kms:GetKeyPolicy",
  "kms:GetKeyRotationStatus",
  "kms:ListGrants",
  "kms:ListKeyPolicies",
  "kms:ListKeyRotations",
  "kms:ListResourceTags",
  "kms:PutKeyPolicy",
  "kms:RetireGrant",
  "kms:RevokeGrant",
  "kms:RotateKeyOnDemand",
  "kms:ScheduleKeyDeletion",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:UpdateKeyDescription",
] as const;

const CHOICE = Symbol.for("cdktf-serverless/alarm-topic");
type Marked = TerraformStack & { [CHOICE]?: AlarmTopicChoice; [TOPIC]?: string };
const TOPIC = Symbol.for("cdktf-serverless/alarm-topic-arn");

/**
 * Says where the alarms of `stack` go: an existing topic (`topicArn`), or the name of the one the
 * stack creates. Call it before the stack's first alarm (`ServiceStack` subclasses do it from config).
 */
export function useAlarmTopic(stack: TerraformStack, choice: AlarmTopicChoice): void {
  ALARM_TOPIC_CHOICE.validate(stack, choice);
  const marked = stack as Marked;
  if (marked[TOPIC] !== undefined) {
    new Validator("useAlarmTopic", stack.node.path)
      .fail("stack", "a stack whose alarms have no topic yet (call useAlarmTopic before the first construct with alarms)", stack.node.path)
      .throwIfInvalid();
  }
  marked[CHOICE] = { ...choice };
}

/**
 * The ARN of the topic the alarms of `scope`'s stack notify: the one `useAlarmTopic` named, else the
 * stack's own `AlarmTopic`, created by the first alarm that asks.
 */
export function alarmTopicArn(scope: IConstruct): string {
  const stack = TerraformStack.of(scope) as Marked;
  if (stack[TOPIC] !== undefined) return stack[TOPIC];
  const choice = stack[CHOICE] ?? {};
  const arn = choice.topicArn ?? new AlarmTopic(stack, "AlarmTopic", { topicName: choice.topicName ?? `${stack.node.id}-alarms`.slice(0, 256) }).topicArn;
  stack[TOPIC] = arn;
  return arn;
}

/**
 * The topic a stack's alarms notify when config names none: a standard SNS topic encrypted with its
 * own customer-managed key (CloudWatch cannot use the AWS-managed `alias/aws/sns` key), whose policy
 * lets CloudWatch alarms of this account and region publish, and nothing else. People subscribe to
 * it (email, chat, paging) outside the stack.
 */
export class AlarmTopic extends Construct {
  public readonly topicArn: string;
  public readonly topic: SnsTopic;
  public readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: { readonly topicName: string }) {
    super(scope, id);
    useRelativeLocalState(this);
    const v = new Validator("AlarmTopic", this.node.path);
    v.check("topicName", props.topicName, TOPIC_NAME);
    v.throwIfInvalid();

    this.key = new KmsKey(this, "Key", {
      description: `Encrypts the alarm notifications of ${TerraformStack.of(this).node.id} (SNS topic ${props.topicName})`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
    });
    this.topic = new SnsTopic(this, "Topic", { name: props.topicName, kmsMasterKeyId: this.key.arn });
    this.topicArn = this.topic.arn;

    // The account as synth knows it (the provider's one allowed account), else as the topic reports it.
    const aws = stackContext(this, "aws").aws;
    const account = aws?.accountId ?? this.topic.owner;
    const partition = aws?.partition ?? "aws";
    const region = aws?.region ?? "*";

    const keyPolicy = new DataAwsIamPolicyDocument(this, "KeyPolicy", {
      statement: [
        {
          sid: "AccountAdministersAndUsesKey",
          effect: "Allow",
          principals: [{ type: "AWS", identifiers: [`arn:${partition}:iam::${account}:root`] }],
          actions: [...ALARM_KEY_ACCOUNT_ACTIONS],
          resources: ["*"],
        },
        {
          // CloudWatch encrypts through SNS as itself: a caller-account condition makes it fail (AWS's
          // documented statement has none). The topic's policy is what limits it to this account's alarms.
          sid: "CloudWatchAlarmsEncryptNotifications",
          effect: "Allow",
          principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }],
          actions: ["kms:Decrypt", "kms:GenerateDataKey"],
          resources: ["*"],
        },
      ],
    });
    new KmsKeyPolicy(this, "KeyPolicyAttachment", { keyId: this.key.keyId, policy: keyPolicy.json });

    const topicPolicy = new DataAwsIamPolicyDocument(this, "TopicPolicy", {
      statement: [
        {
          sid: "CloudWatchAlarmsOfThisAccountPublish",
          effect: "Allow",
          principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }],
          actions: ["sns:Publish"],
          resources: [this.topic.arn],
          condition: [
            { test: "StringEquals", variable: "aws:SourceAccount", values: [account] },
            { test: "ArnLike", variable: "aws:SourceArn", values: [`arn:${partition}:cloudwatch:${region}:${account}:alarm:*`] },
          ],
        },
      ],
    });
    new SnsTopicPolicy(this, "TopicPolicyAttachment", { arn: this.topic.arn, policy: topicPolicy.json });
  }
}
