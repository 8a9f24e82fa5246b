import type { Caller } from "../identities";
import { policyJson } from "../policy-json";
import type { Access } from "./access";
import { awsError, jsonBody, jsonResponse, type AwsRequest, type AwsResponse, type Service } from "./protocol";
import { md5, md5OfAttributes, QueueError, type LocalQueue, type MessageAttribute, type QueueMessage } from "./sqs-queue";

type Json = Record<string, unknown>;

/** Operations whose IAM action is another's (the batch forms are authorized as their single form). */
const ACTION_OF: Record<string, string> = {
  SendMessageBatch: "SendMessage",
  DeleteMessageBatch: "DeleteMessage",
  ChangeMessageVisibilityBatch: "ChangeMessageVisibility",
};
const ERROR_CODES: Record<string, string> = {
  QueueDoesNotExist: "AWS.SimpleQueueService.NonExistentQueue",
  ReceiptHandleIsInvalid: "ReceiptHandleIsInvalid",
  InvalidParameterValue: "InvalidParameterValue",
  MissingParameter: "MissingParameter",
};

/**
 * SQS in the JSON protocol the AWS SDK v3 speaks (`X-Amz-Target: AmazonSQS.<Operation>`), over the
 * stack's queues. Every call is authorized as `sqs:<Action>` on the queue's ARN (the queue's own
 * policy counts too).
 */
export class SqsService implements Service {
  readonly signingName = "sqs";
  readonly protocol = "json-1.0" as const;
  readonly actions = ["GetQueueUrl", "SendMessage", "ReceiveMessage", "DeleteMessage", "ChangeMessageVisibility", "GetQueueAttributes", "PurgeQueue", "ListQueueTags", "ListQueues"].map((a) => `sqs:${a}`);

  constructor(
    private readonly queues: readonly LocalQueue[],
    private readonly access: Access,
    private readonly accountId: string,
    private readonly endpoint: () => string,
  ) {}

  byArn(arn: string): LocalQueue | undefined {
    return this.queues.find((q) => q.arn === arn);
  }

  async handle(request: AwsRequest): Promise<AwsResponse> {
    const error = (status: number, code: string, message: string) =>
      awsError(this.protocol, status, code, message, request.requestId, { namespace: "com.amazonaws.sqs", queryCode: ERROR_CODES[code] ?? code });
    const operation = /^AmazonSQS\.(\w+)$/.exec(String(request.headers["x-amz-target"] ?? ""))?.[1];
    if (!operation) {
      const form = request.body.toString("utf8");
      const action = /(?:^|&)Action=(\w+)/.exec(form)?.[1] ?? request.query.get("Action");
      if (action) {
        this.access.notEmulated(request.caller, `sqs:${action}`, `SQS ${action} in the query protocol`);
        return awsError("query", 400, "InvalidAction", "npm run local emulates SQS in the JSON protocol (AWS SDK v3, AWS CLI v2): the query protocol is not emulated", request.requestId);
      }
      return error(400, "InvalidAction", "missing X-Amz-Target");
    }
    const input = jsonBody(request);
    if (!input) return error(400, "SerializationException", "the body is not JSON");
    const action = `sqs:${ACTION_OF[operation] ?? operation}`;
    try {
      if (operation === "ListQueues") {
        const refusal = await this.access.check(request.caller, [{ action, resource: `arn:aws:sqs:*:${this.accountId}:*`, context: {} }]);
        if (refusal) return error(403, "AccessDenied", refusal.message);
        const prefix = String(input.QueueNamePrefix ?? "");
        return jsonResponse(this.protocol, { QueueUrls: this.queues.filter((q) => q.declared.name.startsWith(prefix)).map((q) => this.urlOf(q)) });
      }
      const queue = operation === "GetQueueUrl" ? this.queues.find((q) => q.declared.name === input.QueueName) : this.fromUrl(input.QueueUrl);
      if (!queue) return error(400, "QueueDoesNotExist", "The specified queue does not exist.");
      const refusal = await this.access.check(request.caller, [{ action, resource: queue.arn, context: {} }]);
      if (refusal) return error(403, "AccessDenied", refusal.message);
      return jsonResponse(this.protocol, this.operate(operation, queue, input, request.caller));
    } catch (e) {
      if (e instanceof QueueError) return error(400, e.code, e.message);
      if (e instanceof UnsupportedOperation) {
        this.access.notEmulated(request.caller, action, `SQS ${operation}`);
        return error(400, "UnsupportedOperation", `SQS ${operation} is not emulated by npm run local`);
      }
      throw e;
    }
  }

  private operate(operation: string, queue: LocalQueue, input: Json, caller: Caller): Json {
    switch (operation) {
      case "GetQueueUrl":
        return { QueueUrl: this.urlOf(queue) };
      case "SendMessage":
        return this.sendOne(queue, input, caller);
      case "SendMessageBatch": {
        const entries = (input.Entries ?? []) as Json[];
        const Successful: Json[] = [];
        const Failed: Json[] = [];
        for (const entry of entries) {
          try {
            Successful.push({ Id: entry.Id, ...this.sendOne(queue, entry, caller) });
          } catch (e) {
            if (!(e instanceof QueueError)) throw e;
            Failed.push({ Id: entry.Id, SenderFault: true, Code: e.code, Message: e.message });
          }
        }
        return { Successful, Failed };
      }
      case "ReceiveMessage": {
        const max = Math.min(Math.max(Number(input.MaxNumberOfMessages ?? 1), 1), 10);
        const messages = queue.receive(max, input.VisibilityTimeout === undefined ? undefined : Number(input.VisibilityTimeout));
        const wanted = [...((input.MessageSystemAttributeNames ?? input.AttributeNames ?? []) as string[])];
        const attributeNames = (input.MessageAttributeNames ?? []) as string[];
        return messages.length === 0 ? {} : { Messages: messages.map((m) => this.received(m, wanted, attributeNames)) };
      }
      case "DeleteMessage":
        if (!queue.delete(String(input.ReceiptHandle))) throw new QueueError("ReceiptHandleIsInvalid", "The input receipt handle is invalid.");
        return {};
      case "DeleteMessageBatch":
        return batch(input, (entry) => queue.delete(String(entry.ReceiptHandle)));
      case "ChangeMessageVisibility":
        if (!queue.changeVisibility(String(input.ReceiptHandle), Number(input.VisibilityTimeout))) throw new QueueError("ReceiptHandleIsInvalid", "The input receipt handle is invalid.");
        return {};
      case "ChangeMessageVisibilityBatch":
        return batch(input, (entry) => queue.changeVisibility(String(entry.ReceiptHandle), Number(entry.VisibilityTimeout)));
      case "GetQueueAttributes":
        return { Attributes: this.attributes(queue, (input.AttributeNames ?? ["All"]) as string[]) };
      case "PurgeQueue":
        queue.purge();
        return {};
      case "ListQueueTags":
        return { Tags: {} };
      default:
        throw new UnsupportedOperation();
    }
  }

  private sendOne(queue: LocalQueue, input: Json, caller: Caller): Json {
    const body = String(input.MessageBody ?? "");
    if (body === "") throw new QueueError("MissingParameter", "The request must contain the parameter MessageBody.");
    if (Buffer.byteLength(body) > queue.declared.maxMessageSize) throw new QueueError("InvalidParameterValue", `One or more parameters are invalid. Reason: Message must be shorter than ${queue.declared.maxMessageSize} bytes.`);
    const attributes = (input.MessageAttributes ?? {}) as Record<string, MessageAttribute>;
    const systemAttributes = (input.MessageSystemAttributes ?? {}) as Record<string, MessageAttribute>;
    const { message } = queue.send({
      body,
      attributes,
      systemAttributes,
      delaySeconds: input.DelaySeconds === undefined ? undefined : Number(input.DelaySeconds),
      groupId: input.MessageGroupId === undefined ? undefined : String(input.MessageGroupId),
      deduplicationId: input.MessageDeduplicationId === undefined ? undefined : String(input.MessageDeduplicationId),
      senderId: caller.kind === "operator" ? this.accountId : `AROALOCAL:${caller.fn.functionName}`,
    });
    return {
      MessageId: message.messageId,
      MD5OfMessageBody: md5(body),
      ...(md5OfAttributes(attributes) && { MD5OfMessageAttributes: md5OfAttributes(attributes) }),
      ...(md5OfAttributes(systemAttributes) && { MD5OfMessageSystemAttributes: md5OfAttributes(systemAttributes) }),
      ...(message.sequenceNumber && { SequenceNumber: message.sequenceNumber }),
    };
  }

  private received(message: QueueMessage, systemNames: readonly string[], attributeNames: readonly string[]): Json {
    const all = systemNames.includes("All");
    const system: Record<string, string> = {
      SenderId: message.senderId,
      SentTimestamp: String(message.sentTimestamp),
      ApproximateReceiveCount: String(message.receiveCount),
      ApproximateFirstReceiveTimestamp: String(message.firstReceiveTimestamp ?? message.sentTimestamp),
      ...(message.groupId && { MessageGroupId: message.groupId }),
      ...(message.deduplicationId && { MessageDeduplicationId: message.deduplicationId }),
      ...(message.sequenceNumber && { SequenceNumber: message.sequenceNumber }),
    };
    const attributes = Object.fromEntries(Object.entries(system).filter(([k]) => all || systemNames.includes(k)));
    const selected = Object.fromEntries(
      Object.entries(message.attributes).filter(([name]) => attributeNames.some((w) => w === "All" || w === ".*" || w === name || (w.endsWith(".*") && name.startsWith(w.slice(0, -1))))),
    );
    return {
      MessageId: message.messageId,
      ReceiptHandle: message.receiptHandle,
      MD5OfBody: md5(message.body),
      Body: message.body,
      ...(Object.keys(attributes).length > 0 && { Attributes: attributes }),
      ...(Object.keys(selected).length > 0 && { MessageAttributes: selected, MD5OfMessageAttributes: md5OfAttributes(selected) }),
    };
  }

  private attributes(queue: LocalQueue, names: readonly string[]): Record<string, string> {
    const d = queue.declared;
    const counts = queue.counts();
    const all: Record<string, string> = {
      QueueArn: d.arn,
      ApproximateNumberOfMessages: String(counts.visible),
      ApproximateNumberOfMessagesNotVisible: String(counts.inFlight),
      ApproximateNumberOfMessagesDelayed: String(counts.delayed),
      VisibilityTimeout: String(d.visibilityTimeout),
      DelaySeconds: String(d.delaySeconds),
      MessageRetentionPeriod: String(d.retentionSeconds),
      MaximumMessageSize: String(d.maxMessageSize),
      ReceiveMessageWaitTimeSeconds: String(d.receiveWaitSeconds),
      ...(d.redrive && { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: d.redrive.deadLetterArn, maxReceiveCount: d.redrive.maxReceiveCount }) }),
      ...(d.policy && { Policy: JSON.stringify(policyJson(d.policy)) }),
      ...(d.fifo && { FifoQueue: "true", ContentBasedDeduplication: String(d.contentBasedDeduplication) }),
    };
    return names.includes("All") ? all : Object.fromEntries(Object.entries(all).filter(([k]) => names.includes(k)));
  }

  private fromUrl(url: unknown): LocalQueue | undefined {
    const parts = String(url ?? "").replace(/\/+$/, "").split("/");
    const [account, name] = parts.slice(-2);
    return account === this.accountId ? this.queues.find((q) => q.declared.name === name) : undefined;
  }

  private urlOf(queue: LocalQueue): string {
    return `${this.endpoint()}/${this.accountId}/${queue.declared.name}`;
  }
}

class UnsupportedOperation extends Error {}

function batch(input: Json, apply: (entry: Json) => boolean): Json {
  const Successful: Json[] = [];
  const Failed: Json[] = [];
  for (const entry of (input.Entries ?? []) as Json[]) {
    if (apply(entry)) Successful.push({ Id: entry.Id });
    else Failed.push({ Id: entry.Id, SenderFault: true, Code: "ReceiptHandleIsInvalid", Message: "The input receipt handle is invalid." });
  }
  return { Successful, Failed };
}
