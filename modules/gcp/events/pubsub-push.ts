import { DataGoogleProject } from "@cdktf/provider-google/lib/data-google-project";
import { PubsubSubscription } from "@cdktf/provider-google/lib/pubsub-subscription";
import { PubsubSubscriptionIamMember } from "@cdktf/provider-google/lib/pubsub-subscription-iam-member";
import { PubsubTopicIamMember } from "@cdktf/provider-google/lib/pubsub-topic-iam-member";
import { TerraformStack } from "cdktf";
import { shortHash } from "../../core/naming";
import { integerBetween, oneOf } from "../../core/rules";
import { custom, object, optional, required, type TypeOf } from "../../core/schema";
import { isUnresolved } from "../../core/validation";
import {
  ACK_DEADLINE_SECONDS,
  MAX_DELIVERY_ATTEMPTS,
  PUBSUB_FILTER_MAX_BYTES,
  PUBSUB_SUBSCRIPTION_NAME_MAX,
  PUBSUB_TOPIC,
  RETRY_BACKOFF_SECONDS,
} from "../gcp-limits";
import { ROLES } from "../iam";
import { clampedSeconds, type CloudRunEventTarget, endpoint, REQUEST_PATH_SCHEMA } from "./cloud-run-event-target";

const DEFAULT_BACKOFF = { minimum: 10, maximum: 600 } as const;
const DEFAULT_MAX_DELIVERY_ATTEMPTS = 5;
const BACKOFF = integerBetween(RETRY_BACKOFF_SECONDS.min, RETRY_BACKOFF_SECONDS.max, "seconds");
const FILTER_RULE = `a Pub/Sub filter of 1 to ${PUBSUB_FILTER_MAX_BYTES} bytes, e.g. attributes.type = "order.created"`;

const FILTER = custom<string>(FILTER_RULE, (c, prop, filter) => {
  if (isUnresolved(filter)) return;
  const bytes = typeof filter === "string" ? Buffer.byteLength(filter, "utf8") : -1;
  if (bytes < 1 || bytes > PUBSUB_FILTER_MAX_BYTES) c.v.fail(prop, FILTER_RULE, filter);
});

const PUBSUB_EVENT = object(
  {
    /** `"pubsub"`. */
    type: required(oneOf(["pubsub"] as const)),
    /**
     * The topic: its id in the service's project, or `projects/<project>/topics/<id>` for a topic of
     * another project (a `google_pubsub_topic`'s `id` is that form). The subscription is created in the
     * service's project either way.
     */
    topic: required(PUBSUB_TOPIC),
    /** Only messages matching this filter are pushed (others are acknowledged); at most 256 bytes, fixed at creation. @default every message */
    filter: optional(FILTER),
    /** Seconds Pub/Sub waits for the service's answer before redelivering, 10 to 600. @default the service's timeout, within 10-600 */
    ackDeadlineSeconds: optional(integerBetween(ACK_DEADLINE_SECONDS.min, ACK_DEADLINE_SECONDS.max, "seconds")),
    /**
     * Where messages go after `maxDeliveryAttempts` failed pushes: a topic id in the service's project or
     * `projects/<project>/topics/<id>`. The project's Pub/Sub service agent gets `pubsub.publisher` on
     * this topic and `pubsub.subscriber` on the subscription, nothing else. @default none (retried until retention expires)
     */
    deadLetterTopic: optional(PUBSUB_TOPIC),
    /** Delivery attempts before a message goes to the dead-letter topic, 5 to 100; only with `deadLetterTopic`. @default 5 */
    maxDeliveryAttempts: optional(integerBetween(MAX_DELIVERY_ATTEMPTS.min, MAX_DELIVERY_ATTEMPTS.max, "attempts")),
    /** Shortest wait before a redelivery, 0 to 600 seconds. @default 10 */
    minimumBackoffSeconds: optional(BACKOFF),
    /** Longest wait before a redelivery, 0 to 600 seconds, at least `minimumBackoffSeconds`. @default 600 */
    maximumBackoffSeconds: optional(BACKOFF),
    /** The path pushes are POSTed to, starting with `/`. @default the service's root URL */
    path: optional(REQUEST_PATH_SCHEMA),
  },
  {
    refine(event, r) {
      if (isLiteral(event.topic) && isLiteral(event.deadLetterTopic) && topicId(event.topic) === topicId(event.deadLetterTopic) && samePlace(event.topic, event.deadLetterTopic)) {
        r.fail("deadLetterTopic", "a topic other than the one subscribed to (a message would come back to this subscription)", event.deadLetterTopic);
      }
      if (event.maxDeliveryAttempts !== undefined && event.deadLetterTopic === undefined) {
        r.fail("maxDeliveryAttempts", "unset unless deadLetterTopic is set (the attempts count towards dead-lettering)", event.maxDeliveryAttempts);
      }
      const min = event.minimumBackoffSeconds ?? DEFAULT_BACKOFF.minimum;
      const max = event.maximumBackoffSeconds ?? DEFAULT_BACKOFF.maximum;
      if (typeof min === "number" && typeof max === "number" && !isUnresolved(min) && !isUnresolved(max) && min > max) {
        r.fail("maximumBackoffSeconds", `at least minimumBackoffSeconds (${min})`, max);
      }
    },
  },
);

/**
 * A Pub/Sub push subscription to the service: each message is POSTed to the service's URL with an
 * OIDC token of the service's invoker account, redelivered with exponential backoff until the service
 * answers 2xx, and, with a dead-letter topic, forwarded there after `maxDeliveryAttempts`.
 */
export interface CloudRunPubsubEvent extends TypeOf<typeof PUBSUB_EVENT> {}
export const PUBSUB_EVENT_SCHEMA = PUBSUB_EVENT.named<CloudRunPubsubEvent>();

function isLiteral(value: unknown): value is string {
  return typeof value === "string" && !isUnresolved(value);
}

/** The topic's id (the last part of a full name). */
function topicId(topic: string): string {
  return topic.slice(topic.lastIndexOf("/") + 1);
}

/** True when two topics may be in one project (a bare id is in the service's project). */
function samePlace(a: string, b: string): boolean {
  const projectOf = (t: string) => (t.startsWith("projects/") ? t.split("/")[1] : undefined);
  const pa = projectOf(a);
  const pb = projectOf(b);
  return pa === undefined || pb === undefined || pa === pb;
}

/**
 * The subscription's name: `<serviceName>-<topic id>` (cut, with a hash, past 255 characters), or
 * `<serviceName>-pubsub` for a topic known only to Terraform. `taken` holds the names given so far to
 * this service's events; a repeat gets `-2`, `-3`.
 */
export function subscriptionName(serviceName: string, event: CloudRunPubsubEvent, taken: Set<string>): string {
  let base = isLiteral(event.topic) ? `${serviceName}-${topicId(event.topic)}` : `${serviceName}-pubsub`;
  if (base.length > PUBSUB_SUBSCRIPTION_NAME_MAX - 3) base = `${base.slice(0, PUBSUB_SUBSCRIPTION_NAME_MAX - 12)}-${shortHash(base, 8)}`;
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
  taken.add(name);
  return name;
}

/** The push subscription, and the dead-letter grants when there is a dead-letter topic. */
export function createPubsubSubscription(target: CloudRunEventTarget, event: CloudRunPubsubEvent, name: string): PubsubSubscription {
  const { scope } = target;
  const subscription = new PubsubSubscription(scope, `Pubsub-${name}`, {
    name,
    project: target.project,
    topic: event.topic,
    filter: event.filter,
    // The push waits for the service's answer: a deadline shorter than the service's timeout would
    // redeliver messages still being handled.
    ackDeadlineSeconds: event.ackDeadlineSeconds ?? clampedSeconds(target.timeout, ACK_DEADLINE_SECONDS),
    pushConfig: {
      pushEndpoint: endpoint(target, event.path),
      oidcToken: { serviceAccountEmail: target.invokerEmail, audience: target.uri },
    },
    retryPolicy: {
      minimumBackoff: `${event.minimumBackoffSeconds ?? DEFAULT_BACKOFF.minimum}s`,
      maximumBackoff: `${event.maximumBackoffSeconds ?? DEFAULT_BACKOFF.maximum}s`,
    },
    deadLetterPolicy: event.deadLetterTopic
      ? { deadLetterTopic: fullTopicName(event.deadLetterTopic, target), maxDeliveryAttempts: event.maxDeliveryAttempts ?? DEFAULT_MAX_DELIVERY_ATTEMPTS }
      : undefined,
    // Pub/Sub deletes a subscription after 31 days without activity: a quiet topic would silently lose its consumer.
    expirationPolicy: { ttl: "" },
    dependsOn: [target.invokerGrant],
  });
  if (event.deadLetterTopic) grantDeadLettering(target, event.deadLetterTopic, subscription, name);
  return subscription;
}

/** `projects/<project>/topics/<id>`, as the dead-letter policy requires. */
function fullTopicName(topic: string, target: CloudRunEventTarget): string {
  if (!isLiteral(topic) || topic.startsWith("projects/")) return topic;
  return `projects/${target.project ?? providerProject(target)}/topics/${topic}`;
}

/**
 * Dead-lettering is done by the Pub/Sub service agent of the subscription's project: it publishes
 * to the dead-letter topic and acknowledges (subscriber) on the subscription. Both grants are on
 * those two resources only.
 */
function grantDeadLettering(target: CloudRunEventTarget, deadLetterTopic: string, subscription: PubsubSubscription, name: string): void {
  const member = `serviceAccount:service-${projectOf(target).number}@gcp-sa-pubsub.iam.gserviceaccount.com`;
  sharedTopicGrant(target, deadLetterTopic, member);
  new PubsubSubscriptionIamMember(target.scope, `DeadLetterSubscriber-${name}`, {
    project: subscription.project,
    subscription: subscription.name,
    role: ROLES.pubsubSubscriber,
    member,
  });
}

// Two `_iam_member` resources for one topic, role and member manage the same binding: destroying
// either removes the grant both rely on. One per stack, topic and project, shared by every service.
const topicGrants = new WeakMap<TerraformStack, Map<string, PubsubTopicIamMember>>();

function sharedTopicGrant(target: CloudRunEventTarget, topic: string, member: string): PubsubTopicIamMember {
  const stack = TerraformStack.of(target.scope);
  let grants = topicGrants.get(stack);
  if (!grants) topicGrants.set(stack, (grants = new Map()));
  const key = `${target.project ?? ""}|${topic}`;
  const existing = grants.get(key);
  if (existing) return existing;
  // The id says which topic when it is literal (`orders-dead`, `acme-svc-dev-orders-dead`); a token's
  // text changes with unrelated edits, so a reference gets a number instead.
  const id = isLiteral(topic) && !isUnresolved(key) ? key.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-+|-+$/g, "") : String(grants.size + 1);
  const grant = new PubsubTopicIamMember(target.scope, `DeadLetterPublisher-${id}`, {
    // A bare id is in the service's project; a full name carries its own.
    project: isLiteral(topic) && topic.startsWith("projects/") ? undefined : target.project,
    topic,
    role: ROLES.pubsubPublisher,
    member,
  });
  grants.set(key, grant);
  return grant;
}

/**
 * The service's project, read by Terraform: the service agent's address holds the project *number*,
 * which config does not know (and which, unlike the id, cannot be mistyped this way). The lookup needs
 * `resourcemanager.projects.get`, which any identity that can apply the stack has.
 */
function projectOf(target: CloudRunEventTarget): DataGoogleProject {
  const stack = TerraformStack.of(target.scope);
  const id = `CloudRunEventsProject-${target.project ?? "provider-default"}`;
  const existing = stack.node.tryFindChild(id);
  if (existing instanceof DataGoogleProject) return existing;
  return new DataGoogleProject(stack, id, { projectId: target.project });
}

function providerProject(target: CloudRunEventTarget): string {
  return projectOf(target).projectId;
}
