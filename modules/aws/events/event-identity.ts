import { TerraformResource, TerraformStack } from "cdktf";
import { Construct, type IConstruct } from "constructs";
import { boundedName, shortHash } from "../../core/naming";
import { integerBetween, matches } from "../../core/rules";
import { optional } from "../../core/schema";
import { isUnresolved } from "../../core/validation";
import { referenceOf } from "./references";

/** An event's `id`: a name of its own, so that its resources keep their names whatever its source or position. */
export const EVENT_ID = matches(/^[A-Za-z][A-Za-z0-9-]{0,47}$/, "a letter then at most 47 letters, digits or - (e.g. orders-queue)");
/** Readable part of a name derived from a source, before a hash keeps a longer one unique. */
const SOURCE_NAME_MAX = 48;

/** The fields every event has besides its source: its identity. */
export const EVENT_IDENTITY_FIELDS = {
  /**
   * The event's name: its resources (mapping, permission, subscription, schedule and its role, rule
   * and target, notification) are named after it, so changing its source (another queue, a new
   * schedule expression) updates them rather than creating new ones. Unique among the function's events.
   * @default a name derived from its source: the queue, table, stream, bucket (and filter), topic, schedule expression or rule pattern
   */
  id: optional(EVENT_ID),
  /**
   * Only for a stack applied before events were named: the event's position (1 for the first) in
   * `events` when the stack was last applied. Its resources move to their new addresses (`moved`
   * blocks) and keep the names AWS knows them by (`event-<n>-<type>`, `<functionName>-schedule-<n>`...),
   * so nothing is replaced. Keep it while the resources exist. See docs/triggers.md.
   * @default none (the event's resources are named after it)
   */
  legacyPosition: optional(integerBetween(1, 1000)),
} as const;

/** What identifies an event: its own fields, and the source it names. */
export interface IdentifiedEvent {
  readonly type: string;
  readonly id?: string;
  readonly legacyPosition?: number;
}

/**
 * The name of an event: its `id`, else `<type>-<source>`, its source being the construct that holds
 * the queue, table, topic or bucket (its path in the stack: `Queue` `Orders` -> `sqs-orders`, a raw
 * `SqsQueue` the same way), the name an ARN ends with (`sns-order-events`), the bucket with the
 * filter (`s3-uploads-images-jpg`), the schedule's expression (`schedule-rate-1-hour`, a cron's hash)
 * or the rule's bus and a hash of its pattern (`eventbridge-default-<hash>`). Never its position:
 * adding, removing or reordering events leaves the others' names as they are.
 * Undefined when the event is too malformed to name (its schema refuses it).
 */
export function eventName(event: IdentifiedEvent & Record<string, unknown>, scope?: IConstruct): string | undefined {
  if (typeof event.id === "string") return event.id;
  // Asked at validation, for the policy's size and at binding: read the source once per event.
  if (names.has(event)) return names.get(event);
  const source = sourceName(event, scope);
  const name = source === undefined ? undefined : `${event.type}-${source}`;
  if (scope !== undefined) names.set(event, name);
  return name;
}

const names = new WeakMap<object, string | undefined>();

/** Letters, digits and `-` of a text (other runs become one `-`), cut with a hash past `SOURCE_NAME_MAX`. */
export function readable(text: string): string {
  const clean = text.replace(/[^A-Za-z0-9-]+/g, "-").replace(/-+/g, "-").replace(/^-|-$/g, "") || "x";
  return clean.length <= SOURCE_NAME_MAX ? clean : `${clean.slice(0, SOURCE_NAME_MAX - 9)}-${shortHash(text)}`;
}

/** The part of an event's name that its source gives. */
function sourceName(event: Record<string, unknown>, scope: IConstruct | undefined): string | undefined {
  switch (event.type) {
    case "sqs":
      return nameOf(event.queue) ?? arnName(event.queueArn, scope, /:([^:]+)$/);
    case "dynamodb-stream":
      return nameOf(event.table) ?? arnName(event.streamArn, scope, /:table\/([^/]+)\/stream\//);
    case "kinesis":
      return arnName(event.streamArn, scope, /:stream\/([^/]+)$/);
    case "sns":
      return nameOf(event.topic) ?? arnName(event.topicArn, scope, /:([^:]+)$/);
    case "s3": {
      const bucket = nameOf(event.bucket) ?? valueName(event.bucketName, scope);
      if (bucket === undefined) return undefined;
      const filter = [event.prefix, event.suffix].filter((p): p is string => typeof p === "string").join("-");
      return readable(filter ? `${bucket}-${filter}` : bucket);
    }
    case "schedule": {
      if (typeof event.expression !== "string") return undefined;
      const rate = /^rate\(\s*(\d+)\s+([a-z]+)\s*\)$/.exec(event.expression);
      // A rate reads back exactly; a cron expression's * ? / , do not: its hash keeps it unique.
      return rate && event.timezone === undefined ? `rate-${rate[1]}-${rate[2]}` : readable(`${event.expression.split("(")[0]}-${shortHash(`${event.expression} ${event.timezone ?? ""}`, 6)}`);
    }
    case "eventbridge": {
      if (event.eventPattern === null || typeof event.eventPattern !== "object") return undefined;
      const bus = event.eventBusName;
      const busName = typeof bus === "string" ? (valueName(bus.startsWith("arn:") ? bus.slice(bus.indexOf("event-bus/") + "event-bus/".length) : bus, scope) ?? "bus") : "default";
      return readable(`${busName}-${shortHash(`${bus ?? ""} ${JSON.stringify(event.eventPattern)}`, 6)}`);
    }
    default:
      return undefined;
  }
}

/** A data construct's name: its path in its stack (`Orders`, `Billing/Invoices`), written `orders`, `billing-invoices`. */
function nameOf(value: unknown): string | undefined {
  return value instanceof Construct ? constructName(value) : undefined;
}

/** A construct's ids below its stack, kebab-case (`OrdersTable` -> `orders-table`), the `Default` of a construct's main resource left out. */
function constructName(construct: IConstruct): string {
  const scopes = construct.node.scopes;
  const ids = scopes.slice(scopes.indexOf(TerraformStack.of(construct)) + 1).map((s) => s.node.id).filter((id) => id !== "Default");
  return readable(ids.map((id) => id.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase()).join("-"));
}

/** The name an ARN ends with (`pattern`'s group), or the name of the resource a reference points at. */
function arnName(value: unknown, scope: IConstruct | undefined, pattern: RegExp): string | undefined {
  if (typeof value !== "string") return undefined;
  if (!isUnresolved(value)) {
    const match = pattern.exec(value);
    return match ? readable(match[1]) : undefined;
  }
  return valueName(value, scope);
}

/**
 * A literal value as it is, or for a reference to a resource of the app the name of the construct
 * that holds it (`constructName`): stable while the resource is.
 */
function valueName(value: unknown, scope: IConstruct | undefined): string | undefined {
  if (typeof value !== "string") return undefined;
  if (!isUnresolved(value)) return readable(value);
  const ref = referenceOf(value);
  if (ref === undefined) return undefined;
  const stack = ref.stack ?? (scope ? TerraformStack.of(scope) : undefined);
  const resource = stack?.node.findAll().find((c): c is TerraformResource => TerraformResource.isTerraformResource(c) && `${c.terraformResourceType}.${c.friendlyUniqueId}` === ref.address);
  return resource ? constructName(resource) : readable(ref.address.split(".")[1]);
}

/**
 * Where one event's resources are created and what they are called. An event named `n` has its
 * resources under the function's construct `Event-<n>`, and AWS names built from `n`. An event with
 * `legacyPosition` keeps every name it had from its position (permission `event-<p>-<type>`,
 * schedule `<fn>-schedule-<p>`, rule `<fn>-events-<p>`, notification `<fn>-<p>`, statement ids
 * `Event<p>...`), and `moved` blocks take its resources from their positional addresses
 * (`Event<p>Mapping`) to the new ones: nothing is replaced, nothing changes.
 */
export class EventIdentity extends Construct {
  /** The construct id of an event named `name` under its function. */
  static idOf(name: string): string {
    return `Event-${name}`;
  }

  constructor(
    scope: Construct,
    /** The event's name (`eventName`). */
    public readonly eventName: string,
    public readonly type: string,
    private readonly functionName: string,
    public readonly legacyPosition?: number,
  ) {
    super(scope, EventIdentity.idOf(eventName));
  }

  /**
   * The start of the statement ids of an event named `name` in the role's policy: `Event<Name>`
   * (letters and digits); `Event<position>` for a legacy event, so that its policy reads as before.
   */
  static sidOf(name: string, legacyPosition?: number): string {
    if (legacyPosition !== undefined) return `Event${legacyPosition}`;
    return `Event${name
      .split(/[^A-Za-z0-9]+/)
      .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
      .join("")}`;
  }

  /** The start of the statement ids of the event in the role's policy (`EventSqsOrders`). */
  get sid(): string {
    return EventIdentity.sidOf(this.eventName, this.legacyPosition);
  }

  /** The statement id of the function's permission for a push source: `event-<name>`. */
  get statementId(): string {
    return this.legacyPosition !== undefined ? `event-${this.legacyPosition}-${this.type}` : `event-${this.eventName}`;
  }

  /**
   * An AWS name for one of the event's resources: `<fn>-<name><suffix>` (for a legacy event, `legacy`
   * with its position for `<n>`), within `max`: a long event name is cut and a hash keeps it unique.
   */
  physicalName(suffix: string, max: number, legacy: string): string {
    if (this.legacyPosition !== undefined) return boundedName(this.functionName, legacy.replace("<n>", String(this.legacyPosition)), max);
    const full = `${this.functionName}-${this.eventName}${suffix}`;
    if (full.length <= max) return full;
    const hash = shortHash(full);
    const room = max - this.functionName.length - suffix.length - hash.length - 2;
    return room >= 8
      ? `${this.functionName}-${this.eventName.slice(0, room).replace(/-+$/, "")}-${hash}${suffix}`
      : `${this.functionName.slice(0, max - suffix.length - hash.length - 1)}-${hash}${suffix}`;
  }

  /**
   * For a legacy event, after its resources are created: a `moved` block for each, from the address
   * it had as a child of the function named `Event<position><child id>`.
   */
  moveFromPositionalAddresses(): void {
    if (this.legacyPosition === undefined) return;
    const stack = TerraformStack.of(this);
    const functionScopes = this.node.scopes.slice(0, -1);
    for (const child of this.node.children) {
      if (!TerraformResource.isTerraformResource(child)) continue;
      const resource = child as TerraformResource;
      const positional = { node: { id: `Event${this.legacyPosition}${child.node.id}` } } as unknown as IConstruct;
      const previous = stack.getLogicalId({ scopes: [...functionScopes, positional] } as unknown as Construct["node"]);
      resource.moveFromId(`${resource.terraformResourceType}.${previous}`);
    }
  }
}
