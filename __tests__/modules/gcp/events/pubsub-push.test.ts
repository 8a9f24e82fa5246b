import { PubsubTopic } from "@cdktf/provider-google/lib/pubsub-topic";
import type { TerraformStack } from "cdktf";
import { applyRulePack } from "../../../../modules/core/rule-pack";
import { CloudRunService, type CloudRunEvent, type CloudRunServiceProps } from "../../../../modules/gcp";
import { expectRefused, grants, newStack, only, onlyId, problemsOf, resources, synth, type Json } from "../support";

const RUN = "google_cloud_run_v2_service";
const RUN_IAM = "google_cloud_run_v2_service_iam_member";
const SA = "google_service_account";
const SUB = "google_pubsub_subscription";
const SUB_IAM = "google_pubsub_subscription_iam_member";
const TOPIC_IAM = "google_pubsub_topic_iam_member";
const IMAGE = "europe-west1-docker.pkg.dev/acme-svc-dev/svc-images/backend:1.0.0";
const AGENT = "serviceAccount:service-${data.google_project.CloudRunEventsProject-provider-default.number}@gcp-sa-pubsub.iam.gserviceaccount.com";

function service(props: Partial<CloudRunServiceProps>, stack: TerraformStack = newStack(), name = "svc-dev-backend") {
  const s = new CloudRunService(stack, name, { serviceName: name, location: "europe-west1", image: IMAGE, ...props });
  return { stack, service: s };
}

function withEvents(events: CloudRunEvent[], props: Partial<CloudRunServiceProps> = {}): Json {
  return synth(service({ events, ...props }).stack);
}

const ref = (type: string, attribute: string, json: Json) => `\${${type}.${onlyId(json, type)}.${attribute}}`;
const invokerId = (json: Json) => Object.entries<Json>(resources(json, SA)).find(([, sa]) => sa.account_id.endsWith("-invoker"))![0];

describe("CloudRunService events: Pub/Sub push", () => {
  test("a push subscription to the service's URL with an OIDC token of the invoker, backoff, no expiry, and the ack deadline of the service's timeout", () => {
    const json = withEvents([{ type: "pubsub", topic: "orders" }], { timeout: 120 });
    const invoker = `\${${SA}.${invokerId(json)}.email}`;
    const uri = ref(RUN, "uri", json);
    const { "//": _, ...subscription } = only(json, SUB);
    expect(subscription).toEqual({
      name: "svc-dev-backend-orders",
      topic: "orders",
      ack_deadline_seconds: 120,
      push_config: { push_endpoint: uri, oidc_token: { service_account_email: invoker, audience: uri } },
      retry_policy: { minimum_backoff: "10s", maximum_backoff: "600s" },
      expiration_policy: { ttl: "" },
      depends_on: [`${RUN_IAM}.${onlyId(json, RUN_IAM)}`],
    });
  });

  test("the invoker account holds run.invoker on this one service and nothing else; nothing at project level", () => {
    const json = withEvents([{ type: "pubsub", topic: "orders" }]);
    expect(resources(json, SA)[invokerId(json)]).toMatchObject({ account_id: "svc-dev-backend-invoker" });
    expect(grants(json)).toEqual([
      {
        type: RUN_IAM,
        id: onlyId(json, RUN_IAM),
        role: "roles/run.invoker",
        member: `serviceAccount:\${${SA}.${invokerId(json)}.email}`,
        target: { project: ref(RUN, "project", json), location: ref(RUN, "location", json), name: ref(RUN, "name", json) },
      },
    ]);
    expect(Object.keys(json.resource).sort()).toEqual([RUN, RUN_IAM, SUB, SA]);
    expect(json.data).toBeUndefined();
  });

  test("every setting is written where Pub/Sub reads it", () => {
    const json = withEvents(
      [
        {
          type: "pubsub",
          topic: "projects/acme-shared/topics/orders",
          filter: 'attributes.type = "order.created"',
          ackDeadlineSeconds: 60,
          minimumBackoffSeconds: 5,
          maximumBackoffSeconds: 120,
          path: "/pubsub/orders",
        },
      ],
      { project: "acme-svc-dev" },
    );
    const subscription = only(json, SUB);
    expect(subscription).toMatchObject({
      name: "svc-dev-backend-orders",
      project: "acme-svc-dev",
      topic: "projects/acme-shared/topics/orders",
      filter: 'attributes.type = "order.created"',
      ack_deadline_seconds: 60,
      retry_policy: { minimum_backoff: "5s", maximum_backoff: "120s" },
    });
    expect(subscription.push_config.push_endpoint).toBe(`${ref(RUN, "uri", json)}/pubsub/orders`);
    // The token's audience is the service, whatever the path.
    expect(subscription.push_config.oidc_token.audience).toBe(ref(RUN, "uri", json));
  });

  test("the ack deadline follows the service's timeout within Pub/Sub's 10-600 s", () => {
    expect(only(withEvents([{ type: "pubsub", topic: "t-1" }], { timeout: 5 }), SUB).ack_deadline_seconds).toBe(10);
    expect(only(withEvents([{ type: "pubsub", topic: "t-1" }], { timeout: 3600 }), SUB).ack_deadline_seconds).toBe(600);
    expect(only(withEvents([{ type: "pubsub", topic: "t-1" }]), SUB).ack_deadline_seconds).toBe(300);
  });

  test("a dead-letter topic: the policy, and the Pub/Sub service agent gets publisher on that topic and subscriber on this subscription, nothing else", () => {
    const json = withEvents([{ type: "pubsub", topic: "orders", deadLetterTopic: "orders-dead", maxDeliveryAttempts: 10 }]);
    expect(only(json, SUB).dead_letter_policy).toEqual({
      dead_letter_topic: "projects/${data.google_project.CloudRunEventsProject-provider-default.project_id}/topics/orders-dead",
      max_delivery_attempts: 10,
    });
    expect(json.data.google_project["CloudRunEventsProject-provider-default"]["project_id"]).toBeUndefined();
    const subscription = `${SUB}.${onlyId(json, SUB)}`;
    expect(grants(json).filter((g) => g.member === AGENT).map(({ type, role, target }) => ({ type, role, target }))).toEqual([
      { type: SUB_IAM, role: "roles/pubsub.subscriber", target: { project: `\${${subscription}.project}`, subscription: `\${${subscription}.name}` } },
      { type: TOPIC_IAM, role: "roles/pubsub.publisher", target: { topic: "orders-dead" } },
    ]);
    expect(grants(json)).toHaveLength(3);
  });

  test("dead-lettering defaults to 5 attempts; a topic of the service's project is named in full with it", () => {
    const json = withEvents([{ type: "pubsub", topic: "orders", deadLetterTopic: "orders-dead" }], { project: "acme-svc-dev" });
    expect(only(json, SUB).dead_letter_policy).toEqual({ dead_letter_topic: "projects/acme-svc-dev/topics/orders-dead", max_delivery_attempts: 5 });
    expect(json.data.google_project["CloudRunEventsProject-acme-svc-dev"]).toMatchObject({ project_id: "acme-svc-dev" });
    expect(only(json, TOPIC_IAM)).toMatchObject({ project: "acme-svc-dev", topic: "orders-dead" });
  });

  test("a dead-letter topic of another project is granted there, by its full name", () => {
    const json = withEvents([{ type: "pubsub", topic: "orders", deadLetterTopic: "projects/acme-shared/topics/dead" }], { project: "acme-svc-dev" });
    expect(only(json, SUB).dead_letter_policy.dead_letter_topic).toBe("projects/acme-shared/topics/dead");
    const { "//": _, ...grant } = only(json, TOPIC_IAM);
    expect(grant).toEqual({
      topic: "projects/acme-shared/topics/dead",
      role: "roles/pubsub.publisher",
      member: "serviceAccount:service-${data.google_project.CloudRunEventsProject-acme-svc-dev.number}@gcp-sa-pubsub.iam.gserviceaccount.com",
    });
  });

  test("one publisher grant per dead-letter topic in a stack, shared by the services that use it", () => {
    const stack = newStack();
    service({ events: [{ type: "pubsub", topic: "orders", deadLetterTopic: "dead" }] }, stack, "svc-a");
    service({ events: [{ type: "pubsub", topic: "payments", deadLetterTopic: "dead" }, { type: "pubsub", topic: "refunds", deadLetterTopic: "dead" }] }, stack, "svc-b");
    const json = synth(stack);
    expect(Object.keys(resources(json, TOPIC_IAM))).toHaveLength(1);
    expect(Object.keys(resources(json, SUB_IAM))).toHaveLength(3);
    expect(Object.keys(json.data.google_project)).toEqual(["CloudRunEventsProject-provider-default"]);
  });

  test("a topic created in the stack is referenced by its id", () => {
    const stack = newStack();
    const topic = new PubsubTopic(stack, "Orders", { name: "orders" });
    const dead = new PubsubTopic(stack, "Dead", { name: "orders-dead" });
    service({ events: [{ type: "pubsub", topic: topic.id, deadLetterTopic: dead.id }] }, stack);
    const json = synth(stack);
    const subscription = only(json, SUB);
    expect(subscription.name).toBe("svc-dev-backend-pubsub");
    expect(subscription.topic).toMatch(/^\$\{google_pubsub_topic\.Orders\.id\}$/);
    expect(subscription.dead_letter_policy.dead_letter_topic).toMatch(/^\$\{google_pubsub_topic\.Dead\.id\}$/);
    expect(only(json, TOPIC_IAM).topic).toBe(subscription.dead_letter_policy.dead_letter_topic);
  });

  test("two subscriptions of one service to one topic get distinct names", () => {
    const json = withEvents([
      { type: "pubsub", topic: "orders", filter: 'attributes.kind = "a"', path: "/a" },
      { type: "pubsub", topic: "orders", filter: 'attributes.kind = "b"', path: "/b" },
    ]);
    expect(Object.values<Json>(resources(json, SUB)).map((s) => s.name).sort()).toEqual(["svc-dev-backend-orders", "svc-dev-backend-orders-2"]);
    // One invoker and one grant for all of a service's events.
    expect(Object.keys(resources(json, RUN_IAM))).toHaveLength(1);
    expect(Object.keys(resources(json, SA))).toHaveLength(2);
  });

  test("the prod rule pack finds nothing in a service with both kinds of events and dead-lettering (and its alert policies and alarm channel)", () => {
    const { stack } = service({ events: [{ type: "pubsub", topic: "orders", deadLetterTopic: "dead" }, { type: "schedule", expression: "0 3 * * *" }] }, newStack({ watched: true }));
    const pack = applyRulePack(stack, { environment: "prod" });
    synth(stack);
    expect(pack.evaluate(stack).findings).toEqual([]);
  });

  test("nothing is created for an empty list of events", () => {
    const json = withEvents([]);
    expect(Object.keys(json.resource).sort()).toEqual([RUN, SA]);
  });
});

describe("CloudRunService events: Pub/Sub refusals", () => {
  const refused = (event: Json, prop: string, rule: string | RegExp, ...received: unknown[]) =>
    expectRefused(() => service({ events: [event] }), prop, rule, ...received);

  test("a topic that is not a topic id or full name", () => {
    refused({ type: "pubsub", topic: "goog-orders" }, "events[0].topic", "a topic id", "goog-orders");
    refused({ type: "pubsub", topic: "ab" }, "events[0].topic", "a topic id", "ab");
    refused({ type: "pubsub", topic: "projects/acme/subscriptions/x" }, "events[0].topic", "projects/<project>/topics/<id>");
    refused({ type: "pubsub" }, "events[0].topic", "set (it is required)");
  });

  test("ack deadline outside 10-600 s", () => {
    refused({ type: "pubsub", topic: "orders", ackDeadlineSeconds: 5 }, "events[0].ackDeadlineSeconds", "an integer from 10 to 600 seconds", 5);
    refused({ type: "pubsub", topic: "orders", ackDeadlineSeconds: 601 }, "events[0].ackDeadlineSeconds", "an integer from 10 to 600 seconds", 601);
  });

  test("max delivery attempts outside 5-100, or without a dead-letter topic", () => {
    refused({ type: "pubsub", topic: "orders", deadLetterTopic: "dead", maxDeliveryAttempts: 4 }, "events[0].maxDeliveryAttempts", "an integer from 5 to 100 attempts", 4);
    refused({ type: "pubsub", topic: "orders", deadLetterTopic: "dead", maxDeliveryAttempts: 101 }, "events[0].maxDeliveryAttempts", "an integer from 5 to 100", 101);
    refused({ type: "pubsub", topic: "orders", maxDeliveryAttempts: 10 }, "events[0].maxDeliveryAttempts", "unset unless deadLetterTopic is set", 10);
  });

  test("a dead-letter topic that is the subscribed topic, or not a topic", () => {
    refused({ type: "pubsub", topic: "orders", deadLetterTopic: "orders" }, "events[0].deadLetterTopic", "a topic other than the one subscribed to", "orders");
    refused({ type: "pubsub", topic: "projects/acme-svc-dev/topics/orders", deadLetterTopic: "orders" }, "events[0].deadLetterTopic", "a topic other than");
    refused({ type: "pubsub", topic: "orders", deadLetterTopic: "dead letters" }, "events[0].deadLetterTopic", "a topic id", "dead letters");
  });

  test("backoff outside 0-600 s, or a maximum below the minimum", () => {
    refused({ type: "pubsub", topic: "orders", minimumBackoffSeconds: -1 }, "events[0].minimumBackoffSeconds", "an integer from 0 to 600 seconds", -1);
    refused({ type: "pubsub", topic: "orders", maximumBackoffSeconds: 900 }, "events[0].maximumBackoffSeconds", "an integer from 0 to 600 seconds", 900);
    refused({ type: "pubsub", topic: "orders", minimumBackoffSeconds: 60, maximumBackoffSeconds: 30 }, "events[0].maximumBackoffSeconds", "at least minimumBackoffSeconds (60)", 30);
  });

  test("a filter longer than 256 bytes, or empty", () => {
    refused({ type: "pubsub", topic: "orders", filter: `attributes.x = "${"é".repeat(130)}"` }, "events[0].filter", "1 to 256 bytes");
    refused({ type: "pubsub", topic: "orders", filter: "" }, "events[0].filter", "1 to 256 bytes", "");
    refused({ type: "pubsub", topic: "orders", filter: 42 }, "events[0].filter", "1 to 256 bytes", 42);
  });

  test("a path not starting with /", () => {
    refused({ type: "pubsub", topic: "orders", path: "pubsub" }, "events[0].path", "a path starting with /", "pubsub");
    refused({ type: "pubsub", topic: "orders", path: "/a b" }, "events[0].path", "a path starting with /", "/a b");
    refused({ type: "pubsub", topic: "orders", path: "/a#b" }, "events[0].path", "no #fragment");
  });

  test("unknown keys, and the AWS side's words", () => {
    refused({ type: "pubsub", topic: "orders", batchSize: 10 }, "events[0].batchSize", "one of the known props (type, topic, filter", "an unknown prop");
    refused({ type: "pubsub", topic: "orders", topicArn: "arn:aws:sns:eu-west-1:111111111111:t" }, "events[0].topicArn", "one of the known props");
  });

  test("an unknown event type, a non-list, a non-object", () => {
    refused({ type: "sqs", queueArn: "arn:aws:sqs:eu-west-1:111111111111:q" }, "events[0].type", 'one of "pubsub", "schedule"', "sqs");
    expectRefused(() => service({ events: { type: "pubsub", topic: "orders" } as never }), "events", "a list of");
    refused("pubsub", "events[0]", "an event { type, ... }", "pubsub");
  });

  test("two services of a stack cannot create one subscription name", () => {
    const stack = newStack();
    new CloudRunService(stack, "A", { serviceName: "svc-a", location: "europe-west1", image: IMAGE, events: [{ type: "pubsub", topic: "orders-x" }] });
    // `svc` + `-a-orders-x` and `svc-a` + `-orders-x` are the same name.
    const problems = problemsOf(
      () => new CloudRunService(stack, "B", { serviceName: "svc", location: "europe-west1", image: IMAGE, events: [{ type: "pubsub", topic: "a-orders-x" }] }),
    );
    expect(problems).toEqual([expect.objectContaining({ prop: "events[0]", received: "svc-a-orders-x", rule: expect.stringContaining("Pub/Sub subscription name no other construct") })]);
  });

  test("every problem of every event is reported at once", () => {
    const problems = problemsOf(() =>
      service({ events: [{ type: "pubsub", topic: "ab", ackDeadlineSeconds: 1 }, { type: "schedule", expression: "* * *" }] }),
    );
    expect(problems.map((p) => p.prop)).toEqual(["events[0].topic", "events[0].ackDeadlineSeconds", "events[1].expression"]);
  });
});
