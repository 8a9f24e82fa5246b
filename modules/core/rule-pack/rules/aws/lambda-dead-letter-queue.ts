import { blocks, dig, isSet } from "../../config";
import type { Rule, RuleContext, SynthesizedResource } from "../../rule";
import { designatesFunction, isAsyncInvoker } from "./lambda-references";

export const lambdaDeadLetterQueue: Rule = {
  id: "lambda-dead-letter-queue",
  title: "Asynchronously invoked Lambda functions keep failed events",
  checkov: ["CKV_AWS_116"],
  trivy: [],
  description:
    "A function invoked asynchronously (an `aws_lambda_permission` for EventBridge, S3, SNS, SES, CloudWatch Logs, IoT, Config, CodeCommit or CodePipeline; an `aws_cloudwatch_event_target`, `aws_scheduler_schedule`, `aws_s3_bucket_notification`, SNS subscription or log subscription filter pointing at it) has a `dead_letter_config` or an `aws_lambda_function_event_invoke_config` on-failure destination (of the function or of one of its aliases), so events that fail every retry are kept. Functions only invoked synchronously (API Gateway) are not asked for one: their caller gets the error. Event source mappings keep failures themselves: `lambda-sqs-source-redrive` and `lambda-stream-on-failure`.",
  appliesTo: ["aws_lambda_function"],
  check(fn, context) {
    return checkFunction(fn, context);
  },
};

function checkFunction(fn: SynthesizedResource, context: RuleContext): string | undefined {
  const invokers = asyncInvokers(fn, context);
  if (invokers.length === 0) return undefined;
  if (isSet(dig(fn.config, "dead_letter_config.target_arn"))) return undefined;
  const hasOnFailure = context
    .ofType("aws_lambda_function_event_invoke_config")
    .some((c) => designatesFunction(c.config.function_name, fn, context) && isSet(dig(c.config, "destination_config.on_failure.destination")));
  if (hasOnFailure) return undefined;
  return `invoked asynchronously by ${invokers.join(", ")} but has no dead_letter_config and no on-failure destination; events that fail every retry are lost (ServerlessFunction prop deadLetterQueue: true)`;
}

function asyncInvokers(fn: SynthesizedResource, context: RuleContext): string[] {
  const found: string[] = [];
  for (const p of context.ofType("aws_lambda_permission")) {
    if (isAsyncInvoker(p.config.principal) && designatesFunction(p.config.function_name, fn, context)) found.push(`${p.config.principal} (${p.address})`);
  }
  for (const t of context.ofType("aws_cloudwatch_event_target")) {
    if (designatesFunction(t.config.arn, fn, context)) found.push(`EventBridge (${t.address})`);
  }
  for (const s of context.ofType("aws_scheduler_schedule")) {
    if (blocks(s.config.target).some((t) => designatesFunction(t.arn, fn, context))) found.push(`EventBridge Scheduler (${s.address})`);
  }
  for (const n of context.ofType("aws_s3_bucket_notification")) {
    if (blocks(n.config.lambda_function).some((l) => designatesFunction(l.lambda_function_arn, fn, context))) found.push(`S3 (${n.address})`);
  }
  for (const s of context.ofType("aws_sns_topic_subscription")) {
    if (s.config.protocol === "lambda" && designatesFunction(s.config.endpoint, fn, context)) found.push(`SNS (${s.address})`);
  }
  for (const f of context.ofType("aws_cloudwatch_log_subscription_filter")) {
    if (designatesFunction(f.config.destination_arn, fn, context)) found.push(`CloudWatch Logs (${f.address})`);
  }
  return found;
}
