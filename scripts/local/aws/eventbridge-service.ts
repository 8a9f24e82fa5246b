import { randomUUID } from "node:crypto";
import type { DeclaredBus, DeclaredRule, DeclaredTarget } from "../declared";
import type { BusPublisher, Delivery, Payload } from "../events/delivery";
import { matchesPattern } from "../events/event-pattern";
import type { Access } from "./access";
import { awsError, jsonBody, jsonResponse, type AwsRequest, type AwsResponse, type Service } from "./protocol";

type Json = Record<string, unknown>;

/** An event as EventBridge delivers it to a rule's targets. */
export interface BusEvent {
  readonly version: "0";
  readonly id: string;
  readonly "detail-type": string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: unknown;
}

/**
 * EventBridge's PutEvents (`X-Amz-Target: AWSEvents.PutEvents`) over the stack's buses: each entry
 * is authorized as `events:PutEvents` on its bus (with `events:source` and `events:detail-type`),
 * matched against the bus's enabled rules (the whole pattern grammar), and delivered to each
 * target (functions through their `aws_lambda_permission` for events.amazonaws.com, queues and
 * topics through their policy) with the target's input, input path or input transformer.
 */
export class EventBridgeService implements Service, BusPublisher {
  readonly signingName = "events";
  readonly protocol = "json-1.1" as const;
  readonly actions = ["events:PutEvents", "events:ListRules"];

  constructor(
    private readonly buses: readonly DeclaredBus[],
    private readonly rules: readonly DeclaredRule[],
    private readonly targets: readonly DeclaredTarget[],
    private readonly access: Access,
    private readonly delivery: Delivery,
    private readonly where: { readonly accountId: string; readonly region: string },
    private readonly log: (line: string) => void,
  ) {}

  async handle(request: AwsRequest): Promise<AwsResponse> {
    const operation = /^AWSEvents\.(\w+)$/.exec(String(request.headers["x-amz-target"] ?? ""))?.[1] ?? "";
    const input = jsonBody(request);
    if (!input) return awsError(this.protocol, 400, "SerializationException", "the body is not JSON", request.requestId);
    if (operation === "ListRules") {
      const bus = this.busOf(input.EventBusName);
      if (!bus) return awsError(this.protocol, 400, "ResourceNotFoundException", `Event bus ${String(input.EventBusName)} does not exist.`, request.requestId);
      const refusal = await this.access.check(request.caller, [{ action: "events:ListRules", resource: `arn:aws:events:${this.where.region}:${this.where.accountId}:rule/*`, context: {} }]);
      if (refusal) return awsError(this.protocol, 400, "AccessDeniedException", refusal.message, request.requestId);
      return jsonResponse(this.protocol, {
        Rules: this.rules.filter((r) => r.busName === bus.name).map((r) => ({ Name: r.name, Arn: r.arn, EventBusName: r.busName, State: r.enabled ? "ENABLED" : "DISABLED", EventPattern: r.pattern ? JSON.stringify(r.pattern) : undefined, ScheduleExpression: r.scheduleExpression })),
      });
    }
    if (operation !== "PutEvents") {
      this.access.notEmulated(request.caller, `events:${operation}`, `EventBridge ${operation}`);
      return awsError(this.protocol, 400, "UnsupportedOperation", `EventBridge ${operation} is not emulated by npm run local (PutEvents and ListRules are)`, request.requestId);
    }
    const entries = (input.Entries ?? []) as Json[];
    const results: Json[] = [];
    for (const entry of entries) {
      const bus = this.busOf(entry.EventBusName);
      if (!bus) {
        results.push({ ErrorCode: "InternalFailure", ErrorMessage: `Event bus ${String(entry.EventBusName)} does not exist.` });
        continue;
      }
      const source = String(entry.Source ?? "");
      const detailType = String(entry.DetailType ?? "");
      let detail: unknown;
      try {
        detail = JSON.parse(String(entry.Detail ?? "{}"));
      } catch {
        results.push({ ErrorCode: "MalformedDetail", ErrorMessage: "Detail is malformed." });
        continue;
      }
      if (!source || !detailType) {
        results.push({ ErrorCode: "InvalidArgument", ErrorMessage: "Parameter(s) Source and DetailType must be specified." });
        continue;
      }
      const refusal = await this.access.check(request.caller, [{ action: "events:PutEvents", resource: bus.arn, context: { "events:source": source, "events:detail-type": detailType } }]);
      if (refusal) {
        results.push({ ErrorCode: "AccessDeniedException", ErrorMessage: refusal.message });
        continue;
      }
      const id = await this.route(bus, { source, detailType, detail, resources: ((entry.Resources ?? []) as string[]).map(String), time: entry.Time });
      results.push({ EventId: id });
    }
    return jsonResponse(this.protocol, { FailedEntryCount: results.filter((r) => r.ErrorCode).length, Entries: results });
  }

  async putInternal(busArn: string, payload: Payload, from: string): Promise<void> {
    const bus = this.buses.find((b) => b.arn === busArn);
    if (!bus) throw new Error(`${busArn} is not an event bus of this stack`);
    const source = payload.eventBridge?.source ?? "lambda";
    this.log(`events ${bus.name}: event from ${from}`);
    await this.route(bus, { source, detailType: payload.eventBridge?.detailType ?? "Event", detail: payload.event ?? JSON.parse(payload.body), resources: payload.eventBridge?.resources ?? [] });
  }

  private busOf(name: unknown): DeclaredBus | undefined {
    const wanted = name === undefined || name === "" ? "default" : String(name);
    return this.buses.find((b) => b.name === wanted || b.arn === wanted);
  }

  /** Matches one event against the bus's rules and delivers it to their targets; returns its id. */
  private async route(bus: DeclaredBus, e: { source: string; detailType: string; detail: unknown; resources: readonly string[]; time?: unknown }): Promise<string> {
    const event: BusEvent = {
      version: "0",
      id: randomUUID(),
      "detail-type": e.detailType,
      source: e.source,
      account: this.where.accountId,
      time: e.time ? new Date(Number(e.time) * 1000 || String(e.time)).toISOString().replace(/\.\d{3}Z$/, "Z") : new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
      region: this.where.region,
      resources: e.resources,
      detail: e.detail,
    };
    for (const rule of this.rules.filter((r) => r.busName === bus.name && r.enabled && r.pattern !== undefined)) {
      let matched: boolean;
      try {
        matched = matchesPattern(rule.pattern, event);
      } catch (error) {
        this.log(`${rule.path}: the event pattern cannot be evaluated locally (${(error as Error).message}); nothing is delivered for it`);
        continue;
      }
      if (!matched) continue;
      for (const target of this.targets.filter((t) => t.ruleName === rule.name && t.busName === rule.busName)) {
        await this.deliver(rule, target, event);
      }
    }
    return event.id;
  }

  /** EventBridge's ways of shaping what a target receives: input, input path, input transformer. */
  private async deliver(rule: DeclaredRule, target: DeclaredTarget, event: BusEvent): Promise<void> {
    let value: unknown = event;
    let body: string;
    if (target.input !== undefined) {
      body = target.input;
      value = JSON.parse(target.input) as unknown;
    } else if (target.inputPath !== undefined) {
      value = jsonPath(event, target.inputPath);
      body = JSON.stringify(value);
    } else if (target.inputTransformer) {
      body = target.inputTransformer.template;
      for (const [name, path] of Object.entries(target.inputTransformer.pathsMap)) {
        const v = jsonPath(event, path);
        body = body.split(`<${name}>`).join(typeof v === "string" ? v : JSON.stringify(v));
      }
      body = body.replace(/<aws\.events\.event\.json>/g, JSON.stringify(event)).replace(/<aws\.events\.rule-arn>/g, rule.arn).replace(/<aws\.events\.rule-name>/g, rule.name);
      try {
        value = JSON.parse(body);
      } catch {
        value = body;
      }
    } else body = JSON.stringify(event);
    await this.delivery.asService("events.amazonaws.com", rule.arn, target.arn, { body, event: value }, `events rule ${rule.name} -> ${target.arn}`);
  }
}

/** `$.detail.orderId`-style paths (the subset EventBridge's input paths use). */
function jsonPath(value: unknown, path: string): unknown {
  if (path === "$") return value;
  return path
    .replace(/^\$\.?/, "")
    .split(".")
    .filter(Boolean)
    .reduce<unknown>((v, key) => (v && typeof v === "object" ? (v as Json)[key] : undefined), value);
}
