import { TerraformStack, Tokenization } from "cdktf";
import type { IConstruct } from "constructs";
import { checkSameStack } from "../../core/same-stack";
import { custom, type Schema } from "../../core/schema";
import { isUnresolved, type Rule, type Validator } from "../../core/validation";

/** What a cdktf token that stands for one resource attribute points at. */
export interface ResourceReference {
  /** `aws_sqs_queue`. */
  readonly resourceType: string;
  /** `aws_sqs_queue.orders_Queue_1A2B3C4D`: the resource's address, the same for all its attributes. */
  readonly address: string;
  /** `arn`, `stream_arn`, `bucket`. */
  readonly attribute: string;
  /** The stack that holds the resource. */
  readonly stack?: TerraformStack;
}

/**
 * The resource a value refers to when it is exactly one reference to a resource attribute
 * (`queue.arn`, `table.streamArn`), else undefined: a literal, a data source, a variable or a
 * string that mixes text and references. cdktf builds such a token from the resource's address at
 * the time the attribute is read, so two reads of one attribute give the same address.
 */
export function referenceOf(value: unknown): ResourceReference | undefined {
  if (typeof value !== "string") return undefined;
  const fragments = Tokenization.reverseString(value);
  if (fragments.length !== 1 || fragments.tokens.length !== 1) return undefined;
  const token = fragments.firstToken as unknown as { identifier?: unknown; originStack?: unknown };
  if (typeof token?.identifier !== "string") return undefined;
  const match = /^(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)$/.exec(token.identifier);
  if (!match) return undefined;
  return {
    resourceType: match[1],
    address: `${match[1]}.${match[2]}`,
    attribute: match[3],
    stack: token.originStack instanceof TerraformStack ? token.originStack : undefined,
  };
}

/** The service of the ARN attributes of the resource types event sources and destinations take. */
const ARN_SERVICE_OF: Readonly<Record<string, string>> = {
  "aws_sqs_queue.arn": "sqs",
  "aws_sns_topic.arn": "sns",
  "aws_lambda_function.arn": "lambda",
  "aws_lambda_alias.arn": "lambda",
  "aws_cloudwatch_event_bus.arn": "events",
  "aws_kinesis_stream.arn": "kinesis",
  "aws_dynamodb_table.stream_arn": "dynamodb",
  "aws_secretsmanager_secret.arn": "secretsmanager",
  // A secret's id is its ARN.
  "aws_secretsmanager_secret.id": "secretsmanager",
};

/**
 * The AWS service of an ARN: read from a literal ARN (`arn:aws:sqs:...` -> `sqs`) or from the
 * resource a reference points at (`queue.arn` -> `sqs`); undefined when it cannot be known at synth.
 */
export function arnService(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const literal = /^arn:[a-z-]+:([a-z0-9-]+):/.exec(value);
  if (literal && !value.includes("${")) return literal[1];
  const ref = referenceOf(value);
  return ref ? ARN_SERVICE_OF[`${ref.resourceType}.${ref.attribute}`] : undefined;
}

/**
 * The ARN of an event source (a required prop): a literal ARN checked by `rule`, or a reference that
 * must point at an ARN of `service` (see `checkSourceArn`).
 */
export function sourceArn(rule: Rule<string>, service: string): Schema<string> {
  return custom(rule.description, (c, prop, value) => checkSourceArn(c.v, prop, value, rule, service, c.scope));
}

/**
 * Checks the ARN of an event source: a literal ARN against `rule`, or a reference that must point at
 * an ARN of `service` (`queue.arn` for SQS; `table.streamArn`, not `table.arn`, for a DynamoDB
 * stream), of `scope`'s stack. References Terraform resolves from elsewhere (variables, data sources)
 * are left to it. Absent values are left to the prop's `required`.
 */
export function checkSourceArn(v: Validator, prop: string, value: unknown, rule: Rule<string>, service: string, scope?: IConstruct): void {
  if (typeof value === "string" && isUnresolved(value)) {
    const ref = referenceOf(value);
    if (ref && arnService(value) !== service) v.fail(prop, `${rule.description}; ${ref.resourceType}.${ref.attribute} is not one`, value);
    else if (ref && scope) checkSameStack(v, prop, scope, ref.stack, `${ref.address}.${ref.attribute}`);
    return;
  }
  if (value !== undefined && value !== null && value !== "") v.check(prop, value as string, rule);
}
