import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { ServerlessFunction, type ServerlessFunctionProps } from "../../../../modules/aws";
import type { ValidationProblem } from "../../../../modules/core/validation";
import { CODE_DIR, dataSource, newStack, validationError, type Json } from "../support";

export const ACCOUNT = "111111111111";
export const QUEUE_ARN = `arn:aws:sqs:eu-west-1:${ACCOUNT}:orders`;
export const TOPIC_ARN = `arn:aws:sns:eu-west-1:${ACCOUNT}:orders`;
export const STREAM_ARN = `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders/stream/2026-01-01T00:00:00.000`;
export const KINESIS_ARN = `arn:aws:kinesis:eu-west-1:${ACCOUNT}:stream/clicks`;
export const FUNCTION_ARN = `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:audit`;
export const BUS_ARN = `arn:aws:events:eu-west-1:${ACCOUNT}:event-bus/orders`;

/** A stack whose AWS provider names its one account (as the shipped stacks' providers do). */
export function accountStack(id = "stack", app = Testing.app()): TerraformStack {
  const stack = new TerraformStack(app, id);
  new AwsProvider(stack, "aws", { region: "eu-west-1", allowedAccountIds: [ACCOUNT] });
  return stack;
}

export function build(props: Partial<ServerlessFunctionProps>, stack: TerraformStack = accountStack(), id = "Fn"): ServerlessFunction {
  return new ServerlessFunction(stack, id, { functionName: "orders-worker", codeDirectory: CODE_DIR, ...props });
}

/** Synthesizes one function with `props` in a stack of its own. */
export function withProps(props: Partial<ServerlessFunctionProps>, stack: TerraformStack = accountStack()) {
  const fn = build(props, stack);
  return { stack, fn, json: JSON.parse(Testing.synth(stack)) as Json };
}

/** The statements of the function's execution policy, as synthesized. */
export function statements(json: Json): Json[] {
  return dataSource(json, "aws_iam_policy_document", "PolicyDocument").statement;
}

/** The statements beyond what every function has (its own log group). */
export function addedStatements(json: Json): Json[] {
  return statements(json).filter((s: Json) => s.sid !== "WriteOwnLogGroup");
}

/** The problems of props that must be refused. */
export function problems(props: Partial<ServerlessFunctionProps>, stack: TerraformStack = accountStack()): ValidationProblem[] {
  return [...validationError(() => build(props, stack)).problems];
}

/** Expects exactly one problem, on `prop`, whose rule matches `rule`. */
export function expectRefused(props: Partial<ServerlessFunctionProps>, prop: string, rule: RegExp, received?: unknown, stack?: TerraformStack): void {
  const found = problems(props, stack);
  expect(found.map((p) => p.prop)).toEqual([prop]);
  expect(found[0].rule).toMatch(rule);
  expect(found[0].path).toBe("stack/Fn");
  if (arguments.length > 3) expect(found[0].received).toEqual(received);
}

export { newStack };
