import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import type { AllKeysListed } from "../../core/known-keys";
import { arnOf } from "../../core/rules";
import type { Validator } from "../../core/validation";
import { validateSourceArn } from "./references";
import { allowInvoke, type EventBinding, type EventTarget } from "./event-target";

/** An SNS topic that pushes its messages to the function (a subscription). */
export interface SnsEvent {
  readonly type: "sns";
  /** ARN of the topic (a literal ARN or `topic.arn`). */
  readonly topicArn: string;
  /**
   * Subscription filter policy on message attributes, as an object (`{ kind: ["order.paid"] }`):
   * only matching messages invoke the function.
   * @default every message
   */
  readonly filterPolicy?: Readonly<Record<string, unknown>>;
}

export const SNS_EVENT_KEYS = ["type", "topicArn", "filterPolicy"] as const satisfies readonly (keyof SnsEvent)[];
export type SnsEventKeysComplete = AllKeysListed<Exclude<keyof SnsEvent, (typeof SNS_EVENT_KEYS)[number]>>;

const TOPIC_ARN = arnOf("sns", "an SNS topic ARN", /^[A-Za-z0-9_-]{1,256}$/);
/** SNS: "the maximum size of a filter policy is 256 KB"; at most 5 keys (attribute names). */
const FILTER_POLICY_MAX_BYTES = 256 * 1024;
const FILTER_POLICY_MAX_KEYS = 5;

export function validateSnsEvent(v: Validator, at: string, event: SnsEvent): void {
  // A FIFO topic delivers to SQS queues only, never to Lambda.
  validateSourceArn(v, `${at}.topicArn`, event.topicArn, TOPIC_ARN, "sns");
  const policy = event.filterPolicy;
  if (policy === undefined) return;
  if (policy === null || typeof policy !== "object" || Array.isArray(policy) || Object.keys(policy).length === 0) {
    v.fail(`${at}.filterPolicy`, 'a non-empty filter policy object, e.g. { kind: ["order.paid"] }', policy);
    return;
  }
  if (Object.keys(policy).length > FILTER_POLICY_MAX_KEYS) v.fail(`${at}.filterPolicy`, `at most ${FILTER_POLICY_MAX_KEYS} attribute names`, Object.keys(policy));
  const bytes = Buffer.byteLength(JSON.stringify(policy));
  if (bytes > FILTER_POLICY_MAX_BYTES) v.fail(`${at}.filterPolicy`, `at most ${FILTER_POLICY_MAX_BYTES} bytes as JSON`, `${bytes} bytes`);
}

export function bindSnsEvent(target: EventTarget, event: SnsEvent, n: number): EventBinding {
  const permission = allowInvoke(target, n, "sns", { principal: "sns.amazonaws.com", sourceArn: event.topicArn });
  new SnsTopicSubscription(target.scope, `Event${n}Subscription`, {
    topicArn: event.topicArn,
    protocol: "lambda",
    endpoint: target.invokeTargetArn,
    filterPolicy: event.filterPolicy ? JSON.stringify(event.filterPolicy) : undefined,
    // SNS delivers as soon as the subscription exists: the permission comes first.
    dependsOn: [permission],
  });
  return { statements: [] };
}
