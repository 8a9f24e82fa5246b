import type { IamCondition, IamPrincipal, IamStatement } from "../../../modules/core/terraform";
import type { Access } from "../aws/access";
import type { LocalQueue, MessageAttribute } from "../aws/sqs-queue";
import type { DeclaredPermission } from "../declared";
import type { LocalFunction } from "../functions";

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

  private readonly policies = new WeakMap<LocalFunction, IamStatement[]>();

  /**
   * The function's resource-based policy: a statement per `aws_lambda_permission`, as Lambda writes
   * it (on the alias or version its qualifier, or its qualified function_name, names).
   */
  functionPolicy(targetArn: string): readonly IamStatement[] {
    const target = this.options.functionFor(targetArn);
    if (!target) return [];
    let statements = this.policies.get(target.fn);
    if (!statements) {
      statements = this.options.permissions.flatMap((p) => {
        const named = this.options.functionFor(p.functionRef);
        if (named?.fn !== target.fn) return [];
        const partition = named.fn.functionArn.split(":")[1];
        const principal: IamPrincipal =
          p.principal === "*"
            ? { type: "*", identifiers: ["*"] }
            : p.principal.endsWith(".amazonaws.com")
              ? { type: "Service", identifiers: [p.principal] }
              : { type: "AWS", identifiers: [/^\d{12}$/.test(p.principal) ? `arn:${partition}:iam::${p.principal}:root` : p.principal] };
        const conditions: IamCondition[] = [
          ...(p.sourceArn ? [{ test: "ArnLike", variable: "AWS:SourceArn", values: [p.sourceArn] }] : []),
          ...(p.sourceAccount ? [{ test: "StringEquals", variable: "AWS:SourceAccount", values: [p.sourceAccount] }] : []),
          ...(p.functionUrlAuthType ? [{ test: "StringEquals", variable: "lambda:FunctionUrlAuthType", values: [p.functionUrlAuthType] }] : []),
          ...(p.principalOrgId ? [{ test: "StringEquals", variable: "aws:PrincipalOrgID", values: [p.principalOrgId] }] : []),
        ];
        const statement: IamStatement = {
          label: `${p.path} (statement_id ${JSON.stringify(p.statementId)})`,
          sid: p.statementId,
          effect: "Allow",
          actions: [p.action],
          notActions: [],
          resources: [p.qualifier ? `${named.fn.functionArn}:${p.qualifier}` : named.arn],
          notResources: [],
          principals: [principal],
          notPrincipals: [],
          hasNotPrincipals: false,
          conditions,
          syntax: "json",
          source: { address: p.path, attribute: "statement_id" },
        };
        return [statement];
      });
      this.policies.set(target.fn, statements);
    }
    return statements;
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
