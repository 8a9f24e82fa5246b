import type { Access } from "../aws/access";
import type { LocalQueue, MessageAttribute } from "../aws/sqs-queue";
import type { DeclaredPermission } from "../declared";
import type { LocalFunction } from "../functions";
import type { PolicyJson } from "../policy-document";

/** A message one service hands to another: a body (queue, topic) or an event (function, bus). */
export interface Payload {
  readonly body: string;
  /** The JSON value a function receives as its event; the body parsed when absent. */
  readonly event?: unknown;
  readonly attributes?: Readonly<Record<string, MessageAttribute>>;
  readonly subject?: string;
  /** For an event bus: source, detail-type and resources of the event. */
  readonly eventBridge?: { readonly source: string; readonly detailType: string; readonly resources: readonly string[] };
}

/** Publishing and putting events from inside the session (deliveries, destinations). */
export interface TopicPublisher {
  publishInternal(topicArn: string, payload: Payload, from: string): Promise<void>;
}
export interface BusPublisher {
  putInternal(busArn: string, payload: Payload, from: string): Promise<void>;
}

export interface DeliveryOptions {
  readonly access: Access;
  readonly accountId: string;
  readonly queueByArn: (arn: string) => LocalQueue | undefined;
  readonly functionFor: (ref: string) => { fn: LocalFunction; arn: string } | undefined;
  readonly permissions: readonly DeclaredPermission[];
  readonly invokeAsync: (fn: LocalFunction, event: unknown, source: string) => Promise<unknown>;
  readonly log: (line: string) => void;
}

/**
 * Hands a payload to a queue, topic, function or event bus of the stack, after the check AWS makes
 * for that delivery: with a function's role for what Lambda sends on its behalf (destinations,
 * dead-letter queues), or, for a service (S3, SNS, EventBridge) delivering to a resource, against
 * that resource's own policy (the queue or topic policy, the function's `aws_lambda_permission`s).
 * A refused delivery is dropped and said, as in AWS.
 */
export class Delivery {
  private topics?: TopicPublisher;
  private buses?: BusPublisher;

  constructor(private readonly options: DeliveryOptions) {}

  /** The topics and buses, which deliver through this in turn. */
  attach(topics: TopicPublisher, buses: BusPublisher): void {
    this.topics = topics;
    this.buses = buses;
  }

  /** What Lambda sends with the function's role. */
  async asRole(fn: LocalFunction, targetArn: string, payload: Payload, label: string): Promise<boolean> {
    const action = actionFor(targetArn);
    if (!action) return this.unsupported(targetArn, `${fn.functionName} ${label}`);
    const refusal = await this.options.access.checkService(fn, { action, resource: this.resourceOf(targetArn), context: {} }, label);
    if (refusal) {
      this.options.log(`${fn.functionName}: ${label} ${targetArn} not delivered: ${refusal.reason}`);
      return false;
    }
    return this.deliver(targetArn, payload, `${fn.functionName} ${label}`);
  }

  /** What an AWS service delivers to a resource, allowed by that resource's policy only. */
  async asService(service: string, sourceArn: string, targetArn: string, payload: Payload, label: string): Promise<boolean> {
    const action = actionFor(targetArn);
    if (!action) return this.unsupported(targetArn, label);
    const resource = this.resourceOf(targetArn);
    const resourcePolicy = action === "lambda:InvokeFunction" ? this.functionPolicy(targetArn) : undefined;
    const refusal = await this.options.access.checkPrincipal(
      { arn: service, context: { "aws:SourceArn": sourceArn, "aws:SourceAccount": this.options.accountId } },
      { action, resource, context: {}, ...(resourcePolicy && { resourcePolicy }) },
      `${service} delivering ${label}`,
    );
    if (refusal) {
      this.options.log(`${label}: not delivered to ${targetArn}: ${refusal.reason}`);
      return false;
    }
    return this.deliver(targetArn, payload, label);
  }

  /** The function's resource-based policy: its `aws_lambda_permission`s as Lambda writes them. */
  functionPolicy(targetArn: string): PolicyJson {
    const target = this.options.functionFor(targetArn);
    const statements = this.options.permissions
      .filter((p) => target && this.options.functionFor(p.functionRef)?.fn === target.fn)
      .map((p) => {
        const base = this.options.functionFor(p.functionRef)!.fn.functionArn;
        const principal =
          p.principal === "*" ? "*" : p.principal.endsWith(".amazonaws.com") ? { Service: p.principal } : { AWS: /^\d{12}$/.test(p.principal) ? `arn:aws:iam::${p.principal}:root` : p.principal };
        const condition: Record<string, Record<string, string>> = {};
        if (p.sourceArn) condition.ArnLike = { "AWS:SourceArn": p.sourceArn };
        if (p.sourceAccount) condition.StringEquals = { ...condition.StringEquals, "AWS:SourceAccount": p.sourceAccount };
        if (p.functionUrlAuthType) condition.StringEquals = { ...condition.StringEquals, "lambda:FunctionUrlAuthType": p.functionUrlAuthType };
        if (p.principalOrgId) condition.StringEquals = { ...condition.StringEquals, "aws:PrincipalOrgID": p.principalOrgId };
        return {
          Sid: p.statementId,
          Effect: "Allow",
          Principal: principal,
          Action: p.action,
          Resource: p.qualifier ? `${base}:${p.qualifier}` : base,
          ...(Object.keys(condition).length > 0 && { Condition: condition }),
        };
      });
    return { Version: "2012-10-17", Statement: statements };
  }

  private resourceOf(targetArn: string): string {
    return targetArn;
  }

  private async deliver(targetArn: string, payload: Payload, label: string): Promise<boolean> {
    const service = targetArn.split(":")[2];
    if (service === "sqs") {
      const queue = this.options.queueByArn(targetArn);
      if (!queue) return this.missing(targetArn, label);
      queue.send({ body: payload.body, attributes: payload.attributes, senderId: label });
      return true;
    }
    if (service === "sns") {
      if (!this.topics) return this.missing(targetArn, label);
      await this.topics.publishInternal(targetArn, payload, label);
      return true;
    }
    if (service === "events") {
      if (!this.buses) return this.missing(targetArn, label);
      await this.buses.putInternal(targetArn, payload, label);
      return true;
    }
    const target = this.options.functionFor(targetArn);
    if (!target) return this.missing(targetArn, label);
    void this.options.invokeAsync(target.fn, payload.event ?? parse(payload.body), label);
    return true;
  }

  private missing(targetArn: string, label: string): boolean {
    this.options.log(`${label}: ${targetArn} is not a resource of this stack: not delivered`);
    return false;
  }

  private unsupported(targetArn: string, label: string): boolean {
    this.options.log(`${label}: delivery to ${targetArn} is not emulated locally`);
    return false;
  }
}

function actionFor(arn: string): string | undefined {
  return { sqs: "sqs:SendMessage", sns: "sns:Publish", lambda: "lambda:InvokeFunction", events: "events:PutEvents" }[arn.split(":")[2]];
}

function parse(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}
