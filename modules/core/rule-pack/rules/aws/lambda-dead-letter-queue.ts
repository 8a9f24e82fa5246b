import { blocks, dig, isSet, show } from "../../config";
import type { Rule, RuleContext, SynthesizedResource } from "../../rule";
import { designatesFunction, isAsyncInvoker } from "./lambda-references";

export const lambdaDeadLetterQueue: Rule = {
  id: "lambda-dead-letter-queue",
  title: "Asynchronously invoked Lambda functions keep failed events",
  checkov: ["CKV_AWS_116"],
  trivy: [],
  description:
    "A function invoked asynchronously (an `aws_lambda_permission` for EventBridge, S3, SNS, SES, CloudWatch Logs, IoT, Config, CodeCommit or CodePipeline; an `aws_cloudwatch_event_target`, `aws_scheduler_schedule`, `aws_s3_bucket_notification`, SNS subscription or log subscription filter pointing at it) has a `dead_letter_config` or an `aws_lambda_function_event_invoke_config` on-failure destination, so events that fail every retry are kept. Functions only invoked synchronously (API Gateway) are not asked for one: their caller gets the error. An `aws_lambda_event_source_mapping` keeps failures itself: an `on_failure` destination for streams and Kafka, a redrive policy on an SQS source queue.",
  appliesTo: ["aws_lambda_function", "aws_lambda_event_source_mapping"],
  check(resource, context) {
    return resource.type === "aws_lambda_function" ? checkFunction(resource, context) : checkMapping(resource, context);
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

function checkMapping(mapping: SynthesizedResource, context: RuleContext): string | undefined {
  const source = mapping.config.event_source_arn;
  const queues = context.referencedBy(source).filter((r) => r.type === "aws_sqs_queue" && r.mode === "managed");
  const isSqs = queues.length > 0 || (typeof source === "string" && source.startsWith("arn:aws") && source.split(":")[2] === "sqs");
  if (isSqs) {
    // Failed batches return to the queue; its redrive policy is what keeps them.
    const missing = queues.filter(
      (q) => !isSet(q.config.redrive_policy) && !context.ofType("aws_sqs_queue_redrive_policy").some((r) => context.referencedBy(r.config.queue_url).includes(q)),
    );
    if (missing.length === 0) return undefined;
    return `reads SQS queue ${missing.map((q) => q.address).join(", ")}, which has no redrive policy; messages that keep failing are retried until they expire (set redrive_policy with a dead-letter queue)`;
  }
  const streamLike = /^arn:aws[a-z-]*:(kinesis|dynamodb|kafka):/.test(String(source)) ||
    context.referencedBy(source).some((r) => ["aws_kinesis_stream", "aws_dynamodb_table", "aws_msk_cluster", "aws_msk_serverless_cluster"].includes(r.type)) ||
    isSet(mapping.config.self_managed_event_source);
  if (!streamLike) return undefined;
  if (isSet(dig(mapping.config, "destination_config.on_failure.destination_arn"))) return undefined;
  return `reads ${show(source)} without destination_config.on_failure; records that fail every retry are skipped and lost`;
}
