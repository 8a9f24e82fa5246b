import type { IConstruct } from "constructs";
import type { PolicyDocumentStatement } from "../../core/policy/policy-statement";
import { arnOf } from "../../core/rules";
import { checkSameStack } from "../../core/same-stack";
import { custom, type Schema } from "../../core/schema";
import { isUnresolved, type Rule, type Validator } from "../../core/validation";
import { arnService, referenceOf } from "./references";

/** Services a function's failures or results can be sent to, with what the role needs for each. */
const DESTINATIONS = {
  // Lambda sends to standard queues and topics only: a FIFO one is refused at apply.
  sqs: { what: "an SQS queue", action: "sqs:SendMessage", rule: arnOf("sqs", "an SQS queue ARN", /^[A-Za-z0-9_-]{1,80}$/) },
  sns: { what: "an SNS topic", action: "sns:Publish", rule: arnOf("sns", "an SNS topic ARN", /^[A-Za-z0-9_-]{1,256}$/) },
  lambda: { what: "a Lambda function", action: "lambda:InvokeFunction", rule: arnOf("lambda", "a Lambda function ARN", /^function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]+)?$/) },
  events: { what: "an EventBridge event bus", action: "events:PutEvents", rule: arnOf("events", "an EventBridge event bus ARN", /^event-bus\/[A-Za-z0-9._\-/]{1,256}$/) },
} as const;

export type DestinationService = keyof typeof DESTINATIONS;

/** What destinations of stream event sources may be (Lambda sends failed batches' metadata there). */
export const STREAM_FAILURE_DESTINATIONS: readonly DestinationService[] = ["sqs", "sns"];
/** What asynchronous invocations may send their results to. */
export const ASYNC_DESTINATIONS: readonly DestinationService[] = ["sqs", "sns", "lambda", "events"];

/** A destination ARN prop: see `validateDestination`. */
export function destinationArn(services: readonly DestinationService[]): Schema<string> {
  return custom(destinationRule(services).description, (c, prop, value) => validateDestination(c.v, prop, value, services, c.scope));
}

/**
 * Checks a destination ARN: a literal ARN of one of `services`, or a reference to the ARN of a
 * resource of one of them (`queue.arn`). Its service decides the action the role is granted, so an
 * ARN whose service synth cannot know (a variable, a data source) is refused, and so is a resource of
 * another stack than `scope`'s.
 */
export function validateDestination(v: Validator, prop: string, value: unknown, services: readonly DestinationService[], scope?: IConstruct): void {
  if (value === undefined) return;
  const rule = destinationRule(services);
  if (typeof value !== "string") {
    v.fail(prop, rule.description, value);
    return;
  }
  if (!isUnresolved(value)) {
    v.check(prop, value, rule);
    return;
  }
  const service = arnService(value);
  if (service === undefined || !(services as readonly string[]).includes(service)) {
    v.fail(prop, `${rule.description}, as a literal ARN or the arn of a resource of that service (its service decides the permission)`, value);
    return;
  }
  const ref = referenceOf(value);
  if (ref && scope) checkSameStack(v, prop, scope, ref.stack, `${ref.address}.${ref.attribute}`);
}

function destinationRule(services: readonly DestinationService[]): Rule<string> {
  const names = services.map((s) => DESTINATIONS[s].what);
  return {
    description: `the ARN of ${names.length > 1 ? `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}` : names[0]} (standard queues and topics: Lambda sends to no FIFO one)`,
    test: (value) => services.some((s) => DESTINATIONS[s].rule.test(value)),
  };
}

/** The statement that lets the role send to one destination: one action, on that one ARN. */
export function destinationStatement(sid: string, arn: string): PolicyDocumentStatement {
  const service = arnService(arn) as DestinationService;
  return { sid, effect: "Allow", actions: [DESTINATIONS[service].action], resources: [arn] };
}
