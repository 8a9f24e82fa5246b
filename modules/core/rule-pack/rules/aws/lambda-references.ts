import { isExpression } from "../../config";
import type { RuleContext, SynthesizedResource } from "../../rule";

const FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:([^:]+)(?::[^:]+)?$/;

/**
 * True when `value` (a `function_name`, `arn` or `endpoint` attribute) designates the function:
 * a reference to it or to one of its aliases, its literal name, or its literal ARN (qualified or not).
 */
export function designatesFunction(value: unknown, fn: SynthesizedResource, context: RuleContext): boolean {
  for (const target of context.referencedBy(value)) {
    if (target === fn) return true;
    if (target.type === "aws_lambda_alias" && target.mode === "managed" && context.referencedBy(target.config.function_name).includes(fn)) return true;
  }
  const name = fn.config.function_name;
  if (typeof value !== "string" || isExpression(value) || typeof name !== "string" || isExpression(name)) return false;
  return value === name || FUNCTION_ARN.exec(value)?.[1] === name;
}

/**
 * Principals that invoke a function asynchronously (Lambda queues the event and retries, then
 * drops it or sends it to the function's DLQ or on-failure destination). API Gateway, ALB, Cognito,
 * Lex and CloudFront invoke synchronously: the caller gets the error, so no DLQ is needed.
 */
export const ASYNC_INVOKERS: readonly string[] = [
  "events.amazonaws.com",
  "s3.amazonaws.com",
  "sns.amazonaws.com",
  "ses.amazonaws.com",
  "logs.amazonaws.com",
  "iot.amazonaws.com",
  "config.amazonaws.com",
  "codecommit.amazonaws.com",
  "codepipeline.amazonaws.com",
];

/** True for a principal in ASYNC_INVOKERS, including regional forms such as `logs.eu-west-1.amazonaws.com`. */
export function isAsyncInvoker(principal: unknown): boolean {
  if (typeof principal !== "string") return false;
  const service = principal.replace(/\.[a-z]{2}(-[a-z]+)+-\d\.amazonaws\.com(\.cn)?$/, ".amazonaws.com").replace(/\.amazonaws\.com\.cn$/, ".amazonaws.com");
  return ASYNC_INVOKERS.includes(service);
}
