import { randomUUID } from "node:crypto";
import type { DeclaredSubscription, DeclaredTopic } from "../declared";
import type { Delivery, Payload, TopicPublisher } from "../events/delivery";
import { matchesPattern, snsAttributesForFilter } from "../events/event-pattern";
import { policyJson } from "../policy-json";
import type { Access } from "./access";
import { awsError, xml, xmlResponse, type AwsRequest, type AwsResponse, type Service } from "./protocol";
import type { MessageAttribute } from "./sqs-queue";

type SnsAttributes = Record<string, { Type: string; Value: string }>;

const XMLNS = "http://sns.amazonaws.com/doc/2010-03-31/";

/**
 * SNS in its query protocol (`Action=Publish` form posts, XML answers) over the stack's topics;
 * each publish is authorized as `sns:Publish` on the topic (its topic policy counts too) and
 * delivered to the topic's subscriptions whose filter policy matches: functions (through their
 * `aws_lambda_permission` for sns.amazonaws.com) and queues (through the queue policy), raw or
 * in SNS's envelope.
 */
export class SnsService implements Service, TopicPublisher {
  readonly signingName = "sns";
  readonly protocol = "query" as const;
  readonly actions = ["sns:Publish", "sns:ListTopics", "sns:GetTopicAttributes", "sns:ListSubscriptionsByTopic"];

  constructor(
    private readonly topics: readonly DeclaredTopic[],
    private readonly subscriptions: readonly DeclaredSubscription[],
    private readonly access: Access,
    private readonly delivery: Delivery,
    private readonly log: (line: string) => void,
  ) {}

  async handle(request: AwsRequest): Promise<AwsResponse> {
    const params = new URLSearchParams(request.body.toString("utf8"));
    for (const [k, v] of request.query) if (!params.has(k)) params.set(k, v);
    const action = params.get("Action") ?? "";
    const error = (status: number, code: string, message: string) => awsError(this.protocol, status, code, message, request.requestId);
    const respond = (inner: string) => xmlResponse(`<${action}Response xmlns="${XMLNS}"><${action}Result>${inner}</${action}Result><ResponseMetadata><RequestId>${request.requestId}</RequestId></ResponseMetadata></${action}Response>`);
    const topicOf = (arn: string | null) => this.topics.find((t) => t.arn === arn);
    const authorize = async (topicArn: string) => this.access.check(request.caller, [{ action: `sns:${action === "PublishBatch" ? "Publish" : action}`, resource: topicArn, context: {} }]);
    switch (action) {
      case "Publish":
      case "PublishBatch": {
        const topic = topicOf(params.get("TopicArn") ?? params.get("TargetArn"));
        if (!topic) return error(404, "NotFound", "Topic does not exist");
        const refusal = await authorize(topic.arn);
        if (refusal) return error(403, "AuthorizationError", refusal.message);
        if (action === "Publish") {
          const message = params.get("Message");
          if (message === null) return error(400, "InvalidParameter", "Invalid parameter: Message");
          const id = await this.fanOut(topic, { message, subject: params.get("Subject") ?? undefined, attributes: attributesOf(params, "MessageAttributes.entry"), structure: params.get("MessageStructure") ?? undefined }, request.caller.kind === "operator" ? "operator" : request.caller.fn.functionName);
          return respond(`<MessageId>${id}</MessageId>`);
        }
        const ok: string[] = [];
        for (let i = 1; params.has(`PublishBatchRequestEntries.member.${i}.Id`); i++) {
          const prefix = `PublishBatchRequestEntries.member.${i}`;
          const id = await this.fanOut(topic, { message: params.get(`${prefix}.Message`) ?? "", subject: params.get(`${prefix}.Subject`) ?? undefined, attributes: attributesOf(params, `${prefix}.MessageAttributes.entry`) }, "batch");
          ok.push(`<member><Id>${xml(params.get(`${prefix}.Id`))}</Id><MessageId>${id}</MessageId></member>`);
        }
        return respond(`<Successful>${ok.join("")}</Successful><Failed/>`);
      }
      case "ListTopics": {
        const refusal = await this.access.check(request.caller, [{ action: "sns:ListTopics", resource: "*", context: {} }]);
        if (refusal) return error(403, "AuthorizationError", refusal.message);
        return respond(`<Topics>${this.topics.map((t) => `<member><TopicArn>${xml(t.arn)}</TopicArn></member>`).join("")}</Topics>`);
      }
      case "GetTopicAttributes": {
        const topic = topicOf(params.get("TopicArn"));
        if (!topic) return error(404, "NotFound", "Topic does not exist");
        const refusal = await authorize(topic.arn);
        if (refusal) return error(403, "AuthorizationError", refusal.message);
        const attributes: Record<string, string> = { TopicArn: topic.arn, SubscriptionsConfirmed: String(this.subscriptionsOf(topic).length), ...(topic.policy && { Policy: JSON.stringify(policyJson(topic.policy)) }) };
        return respond(`<Attributes>${Object.entries(attributes).map(([k, v]) => `<entry><key>${k}</key><value>${xml(v)}</value></entry>`).join("")}</Attributes>`);
      }
      case "ListSubscriptionsByTopic": {
        const topic = topicOf(params.get("TopicArn"));
        if (!topic) return error(404, "NotFound", "Topic does not exist");
        const refusal = await authorize(topic.arn);
        if (refusal) return error(403, "AuthorizationError", refusal.message);
        const members = this.subscriptionsOf(topic).map(
          (s) => `<member><TopicArn>${xml(s.topicArn)}</TopicArn><Protocol>${xml(s.protocol)}</Protocol><SubscriptionArn>${xml(s.arn)}</SubscriptionArn><Endpoint>${xml(s.endpoint)}</Endpoint></member>`,
        );
        return respond(`<Subscriptions>${members.join("")}</Subscriptions>`);
      }
      default:
        this.access.notEmulated(request.caller, `sns:${action}`, `SNS ${action}`);
        return error(400, "InvalidAction", `SNS ${action} is not emulated by npm run local (subscriptions come from the stack)`);
    }
  }

  async publishInternal(topicArn: string, payload: Payload, from: string): Promise<void> {
    const topic = this.topics.find((t) => t.arn === topicArn);
    if (!topic) throw new Error(`${topicArn} is not a topic of this stack`);
    const attributes: SnsAttributes = Object.fromEntries(Object.entries(payload.attributes ?? {}).map(([k, v]) => [k, { Type: v.DataType, Value: v.StringValue ?? v.BinaryValue ?? "" }]));
    await this.fanOut(topic, { message: payload.body, subject: payload.subject, attributes }, from);
  }

  private subscriptionsOf(topic: DeclaredTopic): DeclaredSubscription[] {
    return this.subscriptions.filter((s) => s.topicArn === topic.arn);
  }

  /** Delivers one message to each matching subscription; returns the message id. */
  private async fanOut(topic: DeclaredTopic, m: { message: string; subject?: string; attributes: SnsAttributes; structure?: string }, from: string): Promise<string> {
    const messageId = randomUUID();
    const timestamp = new Date().toISOString();
    let perProtocol: Record<string, string> | undefined;
    if (m.structure === "json") perProtocol = JSON.parse(m.message) as Record<string, string>;
    for (const subscription of this.subscriptionsOf(topic)) {
      const message = perProtocol ? (perProtocol[subscription.protocol] ?? perProtocol.default ?? "") : m.message;
      if (!this.passes(subscription, message, m.attributes)) {
        this.log(`sns ${topic.name}: message ${messageId} filtered out for ${subscription.endpoint} (filter policy)`);
        continue;
      }
      const envelope = {
        Type: "Notification",
        MessageId: messageId,
        TopicArn: topic.arn,
        ...(m.subject !== undefined && { Subject: m.subject }),
        Message: message,
        Timestamp: timestamp,
        SignatureVersion: "1",
        // SNS signs each notification with its certificate; nothing here can, so these stand in.
        Signature: "LOCAL",
        SigningCertURL: "https://sns.local/not-signed.pem",
        UnsubscribeURL: `https://sns.local/?Action=Unsubscribe&SubscriptionArn=${subscription.arn}`,
        ...(Object.keys(m.attributes).length > 0 && { MessageAttributes: m.attributes }),
      };
      const label = `sns ${topic.name} -> ${subscription.endpoint}`;
      if (subscription.protocol === "lambda") {
        const event = {
          Records: [
            {
              EventSource: "aws:sns",
              EventVersion: "1.0",
              EventSubscriptionArn: subscription.arn,
              Sns: { ...envelope, Subject: m.subject ?? null, SigningCertUrl: envelope.SigningCertURL, UnsubscribeUrl: envelope.UnsubscribeURL, SigningCertURL: undefined, UnsubscribeURL: undefined, MessageAttributes: m.attributes },
            },
          ],
        };
        await this.delivery.asService("sns.amazonaws.com", topic.arn, subscription.endpoint, { body: JSON.stringify(event), event: JSON.parse(JSON.stringify(event)) }, label);
      } else if (subscription.protocol === "sqs") {
        const payload: Payload = subscription.rawMessageDelivery
          ? { body: message, attributes: Object.fromEntries(Object.entries(m.attributes).map(([k, v]): [string, MessageAttribute] => [k, v.Type === "Binary" ? { DataType: v.Type, BinaryValue: v.Value } : { DataType: v.Type, StringValue: v.Value }])) }
          : { body: JSON.stringify(envelope) };
        await this.delivery.asService("sns.amazonaws.com", topic.arn, subscription.endpoint, payload, label);
      } else {
        this.log(`${label}: ${subscription.protocol} subscriptions are not emulated locally; not delivered (from ${from})`);
      }
    }
    return messageId;
  }

  private passes(subscription: DeclaredSubscription, message: string, attributes: SnsAttributes): boolean {
    if (subscription.filterPolicy === undefined) return true;
    if (subscription.filterPolicyScope === "MessageBody") {
      let body: unknown;
      try {
        body = JSON.parse(message);
      } catch {
        return false;
      }
      return matchesPattern(subscription.filterPolicy, body);
    }
    return matchesPattern(subscription.filterPolicy, snsAttributesForFilter(attributes));
  }
}

/** `MessageAttributes.entry.N.Name` / `.Value.DataType` / `.Value.StringValue` / `.Value.BinaryValue`. */
function attributesOf(params: URLSearchParams, prefix: string): SnsAttributes {
  const out: SnsAttributes = {};
  for (let i = 1; params.has(`${prefix}.${i}.Name`); i++) {
    const type = params.get(`${prefix}.${i}.Value.DataType`) ?? "String";
    out[params.get(`${prefix}.${i}.Name`)!] = { Type: type, Value: params.get(`${prefix}.${i}.Value.StringValue`) ?? params.get(`${prefix}.${i}.Value.BinaryValue`) ?? "" };
  }
  return out;
}
