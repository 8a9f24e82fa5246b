import type { PolicyJson } from "./policy-document";
import { References } from "./references";
import { rolePolicies, type RolePolicies } from "./role-policies";
import { nested, nestedList, pathOf, resourcesOf, type Block, type Stack } from "./stack";

/*
 * What the stack declares for the emulated services and their event sources, read from
 * cdk.tf.json into plain descriptions with every reference resolved: the one place (with
 * references.ts, policy-document.ts and stack.ts) that reads the synthesized Terraform.
 */

export interface DeclaredQueue {
  readonly path: string;
  readonly name: string;
  readonly arn: string;
  readonly url: string;
  readonly fifo: boolean;
  readonly contentBasedDeduplication: boolean;
  readonly visibilityTimeout: number;
  readonly delaySeconds: number;
  readonly retentionSeconds: number;
  readonly maxMessageSize: number;
  readonly receiveWaitSeconds: number;
  readonly redrive?: { readonly deadLetterArn: string; readonly maxReceiveCount: number };
  readonly policy?: PolicyJson;
  readonly kmsKey?: string;
}

export interface DeclaredTopic {
  readonly path: string;
  readonly name: string;
  readonly arn: string;
  readonly fifo: boolean;
  readonly contentBasedDeduplication: boolean;
  readonly policy?: PolicyJson;
  readonly kmsKey?: string;
}

export interface DeclaredSubscription {
  readonly path: string;
  readonly arn: string;
  readonly topicArn: string;
  readonly protocol: string;
  readonly endpoint: string;
  readonly filterPolicy?: unknown;
  readonly filterPolicyScope: "MessageAttributes" | "MessageBody";
  readonly rawMessageDelivery: boolean;
}

export interface DeclaredBucket {
  readonly path: string;
  readonly name: string;
  readonly arn: string;
  readonly policy?: PolicyJson;
}

export interface DeclaredNotification {
  readonly path: string;
  readonly bucket: string;
  readonly id: string;
  readonly kind: "lambda" | "queue" | "topic";
  readonly targetArn: string;
  readonly events: readonly string[];
  readonly prefix?: string;
  readonly suffix?: string;
}

export interface DeclaredBus {
  readonly name: string;
  readonly arn: string;
  readonly policy?: PolicyJson;
}

export interface DeclaredRule {
  readonly path: string;
  readonly name: string;
  readonly arn: string;
  readonly busName: string;
  readonly pattern?: unknown;
  readonly scheduleExpression?: string;
  readonly enabled: boolean;
}

export interface DeclaredTarget {
  readonly path: string;
  readonly ruleName: string;
  readonly busName: string;
  readonly arn: string;
  readonly input?: string;
  readonly inputPath?: string;
  readonly inputTransformer?: { readonly pathsMap: Readonly<Record<string, string>>; readonly template: string };
  readonly roleArn?: string;
}

export interface DeclaredMapping {
  readonly path: string;
  /** The function (an ARN, possibly qualified, or a name) as the mapping names it. */
  readonly functionRef: string;
  readonly sourceArn: string;
  readonly batchSize?: number;
  readonly batchingWindowSeconds: number;
  readonly reportBatchItemFailures: boolean;
  readonly startingPosition?: string;
  readonly bisect: boolean;
  /** -1: until the record expires. */
  readonly maxRetryAttempts: number;
  readonly maxRecordAgeSeconds: number;
  readonly onFailureArn?: string;
  readonly filters: readonly unknown[];
  readonly maxConcurrency?: number;
  readonly enabled: boolean;
}

export interface DeclaredPermission {
  readonly path: string;
  readonly functionRef: string;
  readonly qualifier?: string;
  readonly statementId: string;
  readonly action: string;
  readonly principal: string;
  readonly sourceArn?: string;
  readonly sourceAccount?: string;
  readonly functionUrlAuthType?: string;
  readonly principalOrgId?: string;
}

export interface DeclaredSchedule {
  readonly path: string;
  readonly name: string;
  readonly arn: string;
  readonly expression: string;
  readonly targetArn: string;
  readonly input?: string;
  readonly roleArn: string;
  /** The schedule's own role (Scheduler invokes the target with it). */
  readonly role: RolePolicies;
}

export interface DeclaredInvokeConfig {
  readonly path: string;
  readonly functionRef: string;
  readonly qualifier?: string;
  readonly maxRetryAttempts: number;
  readonly maxEventAgeSeconds: number;
  readonly onSuccessArn?: string;
  readonly onFailureArn?: string;
}

export interface DeclaredFunctionUrl {
  readonly path: string;
  readonly functionRef: string;
  readonly qualifier?: string;
  readonly authType: "AWS_IAM" | "NONE";
  readonly invokeMode: string;
  readonly cors?: {
    readonly allowOrigins: readonly string[];
    readonly allowMethods: readonly string[];
    readonly allowHeaders: readonly string[];
    readonly exposeHeaders: readonly string[];
    readonly allowCredentials: boolean;
    readonly maxAge?: number;
  };
}

export interface DeclaredAuthorizer {
  readonly key: string;
  readonly path: string;
  readonly apiKey: string;
  readonly name: string;
  readonly id: string;
  readonly type: "REQUEST" | "JWT";
  readonly functionRef?: string;
  readonly payloadFormatVersion: string;
  readonly simpleResponses: boolean;
  readonly identitySources: readonly string[];
  readonly ttlSeconds: number;
  readonly jwt?: { readonly issuer: string; readonly audience: readonly string[] };
}

/** Everything the emulators read, and the declarations that could not be read (with why). */
export interface Declared {
  readonly queues: DeclaredQueue[];
  readonly topics: DeclaredTopic[];
  readonly subscriptions: DeclaredSubscription[];
  readonly buckets: DeclaredBucket[];
  readonly notifications: DeclaredNotification[];
  readonly buses: DeclaredBus[];
  readonly rules: DeclaredRule[];
  readonly targets: DeclaredTarget[];
  readonly mappings: DeclaredMapping[];
  readonly permissions: DeclaredPermission[];
  readonly schedules: DeclaredSchedule[];
  readonly invokeConfigs: DeclaredInvokeConfig[];
  readonly functionUrls: DeclaredFunctionUrl[];
  readonly authorizers: DeclaredAuthorizer[];
  /** Resource types in the stack that bear data or delivery and are not emulated (said on start). */
  readonly notEmulated: string[];
  readonly problems: string[];
}

/** Resource types the runner emulates or reads; others with a service of their own are reported. */
const READ_TYPES = new Set([
  "aws_sqs_queue", "aws_sqs_queue_policy", "aws_sqs_queue_redrive_policy", "aws_sns_topic", "aws_sns_topic_policy", "aws_sns_topic_subscription",
  "aws_s3_bucket", "aws_s3_bucket_policy", "aws_s3_bucket_notification", "aws_cloudwatch_event_bus", "aws_cloudwatch_event_bus_policy",
  "aws_cloudwatch_event_rule", "aws_cloudwatch_event_target", "aws_lambda_event_source_mapping", "aws_lambda_permission", "aws_scheduler_schedule",
  "aws_lambda_function_event_invoke_config", "aws_lambda_function_url", "aws_apigatewayv2_authorizer", "aws_dynamodb_table", "aws_lambda_function",
  "aws_lambda_layer_version", "aws_apigatewayv2_api", "aws_apigatewayv2_route", "aws_apigatewayv2_integration", "aws_apigatewayv2_stage",
  "aws_iam_role", "aws_iam_role_policy", "aws_iam_policy", "aws_iam_role_policy_attachment", "aws_iam_policy_attachment", "aws_cloudwatch_log_group",
  "aws_lambda_alias",
]);
/** Types that change nothing a local run can observe (configuration of the real service). */
const INERT_TYPES = /^aws_(sqs_queue_redrive_allow_policy|s3_bucket_(public_access_block|server_side_encryption_configuration|versioning|ownership_controls|lifecycle_configuration|logging|acl|cors_configuration)|security_group|vpc_security_group_(egress|ingress)_rule|cloudwatch_metric_alarm|lambda_provisioned_concurrency_config|appautoscaling_.*|codedeploy_.*|ecr_.*|kms_.*|sns_topic_data_protection_policy|cloudwatch_log_.*)$/;

export function readDeclared(stack: Stack, endpoint?: string): Declared {
  const refs = new References(stack, { endpoint });
  const problems: string[] = [];
  const each = <T>(type: string, read: (block: Block, path: string, key: string) => T | undefined): T[] =>
    resourcesOf(stack, type).flatMap(([key, block]) => {
      const path = pathOf(block, type, key);
      try {
        const value = read(block, path, key);
        return value === undefined ? [] : [value];
      } catch (error) {
        problems.push(`${path}: ${(error as Error).message}; not emulated`);
        return [];
      }
    });
  const str = (value: unknown, where: string) => refs.resolve(String(value), where);
  const opt = (value: unknown, where: string) => (value === undefined || value === null || value === "" ? undefined : str(value, where));
  const num = (value: unknown, fallback: number, where: string) => (value === undefined ? fallback : Number(typeof value === "string" ? str(value, where) : value));
  const policy = (value: unknown, where: string): PolicyJson | undefined => (value === undefined || value === "" ? undefined : (JSON.parse(str(value, where)) as PolicyJson));
  const list = (value: unknown, where: string): string[] => {
    const resolved = typeof value === "string" ? refs.resolveValue(value, where) : value;
    return Array.isArray(resolved) ? resolved.map((v) => (typeof v === "string" ? str(v, where) : String(v))) : [];
  };

  const queuePolicies = new Map<string, PolicyJson>();
  for (const p of each("aws_sqs_queue_policy", (b, path) => ({ url: str(b.queue_url, path), policy: policy(b.policy, path)! }))) queuePolicies.set(p.url, p.policy);
  const redrives = new Map<string, string>();
  for (const r of each("aws_sqs_queue_redrive_policy", (b, path) => ({ url: str(b.queue_url, path), policy: str(b.redrive_policy, path) }))) redrives.set(r.url, r.policy);
  const queues = each<DeclaredQueue>("aws_sqs_queue", (b, path, key) => {
    const name = str(b.name, path);
    const url = refs.resolve(`\${aws_sqs_queue.${key}.url}`, path);
    const redriveText = opt(b.redrive_policy, path) ?? redrives.get(url);
    const redrive = redriveText ? (JSON.parse(redriveText) as { deadLetterTargetArn: string; maxReceiveCount: number | string }) : undefined;
    return {
      path,
      name,
      arn: refs.resolve(`\${aws_sqs_queue.${key}.arn}`, path),
      url,
      fifo: b.fifo_queue === true || name.endsWith(".fifo"),
      contentBasedDeduplication: b.content_based_deduplication === true,
      visibilityTimeout: num(b.visibility_timeout_seconds, 30, path),
      delaySeconds: num(b.delay_seconds, 0, path),
      retentionSeconds: num(b.message_retention_seconds, 345600, path),
      maxMessageSize: num(b.max_message_size, 262144, path),
      receiveWaitSeconds: num(b.receive_wait_time_seconds, 0, path),
      ...(redrive && { redrive: { deadLetterArn: redrive.deadLetterTargetArn, maxReceiveCount: Number(redrive.maxReceiveCount) } }),
      policy: policy(b.policy, path) ?? queuePolicies.get(url),
      kmsKey: opt(b.kms_master_key_id, path),
    };
  });

  const topicPolicies = new Map<string, PolicyJson>();
  for (const p of each("aws_sns_topic_policy", (b, path) => ({ arn: str(b.arn, path), policy: policy(b.policy, path)! }))) topicPolicies.set(p.arn, p.policy);
  const topics = each<DeclaredTopic>("aws_sns_topic", (b, path, key) => {
    const arn = refs.resolve(`\${aws_sns_topic.${key}.arn}`, path);
    return {
      path,
      name: str(b.name, path),
      arn,
      fifo: b.fifo_topic === true,
      contentBasedDeduplication: b.content_based_deduplication === true,
      policy: policy(b.policy, path) ?? topicPolicies.get(arn),
      kmsKey: opt(b.kms_master_key_id, path),
    };
  });
  const subscriptions = each<DeclaredSubscription>("aws_sns_topic_subscription", (b, path, key) => {
    const topicArn = str(b.topic_arn, path);
    const filter = opt(b.filter_policy, path);
    return {
      path,
      arn: `${topicArn}:${key}`,
      topicArn,
      protocol: str(b.protocol, path),
      endpoint: str(b.endpoint, path),
      ...(filter && { filterPolicy: JSON.parse(filter) as unknown }),
      filterPolicyScope: opt(b.filter_policy_scope, path) === "MessageBody" ? "MessageBody" : "MessageAttributes",
      rawMessageDelivery: b.raw_message_delivery === true,
    };
  });

  const bucketPolicies = new Map<string, PolicyJson>();
  for (const p of each("aws_s3_bucket_policy", (b, path) => ({ bucket: str(b.bucket, path), policy: policy(b.policy, path)! }))) bucketPolicies.set(p.bucket, p.policy);
  const buckets = each<DeclaredBucket>("aws_s3_bucket", (b, path, key) => {
    const name = str(b.bucket, path);
    return { path, name, arn: refs.resolve(`\${aws_s3_bucket.${key}.arn}`, path), policy: policy(b.policy, path) ?? bucketPolicies.get(name) };
  });
  const notifications = each("aws_s3_bucket_notification", (b, path) => {
    const bucket = str(b.bucket, path);
    const kinds: [string, DeclaredNotification["kind"], string][] = [
      ["lambda_function", "lambda", "lambda_function_arn"],
      ["queue", "queue", "queue_arn"],
      ["topic", "topic", "topic_arn"],
    ];
    return kinds.flatMap(([blockName, kind, arnKey]) =>
      nestedList(b, blockName).map(
        (n, i): DeclaredNotification => ({
          path,
          bucket,
          id: opt(n.id, path) ?? `${kind}-${i + 1}`,
          kind,
          targetArn: str(n[arnKey], path),
          events: list(n.events, path),
          prefix: opt(n.filter_prefix, path),
          suffix: opt(n.filter_suffix, path),
        }),
      ),
    );
  }).flat();

  const busPolicies = new Map<string, PolicyJson>();
  for (const p of each("aws_cloudwatch_event_bus_policy", (b, path) => ({ bus: opt(b.event_bus_name, path) ?? "default", policy: policy(b.policy, path)! }))) busPolicies.set(p.bus, p.policy);
  const defaultBusArn = `arn:${stack.partition}:events:${stack.region}:${stack.accountId}:event-bus/default`;
  const buses: DeclaredBus[] = [
    { name: "default", arn: defaultBusArn, policy: busPolicies.get("default") },
    ...each<DeclaredBus>("aws_cloudwatch_event_bus", (b, path, key) => {
      const name = str(b.name, path);
      return { name, arn: refs.resolve(`\${aws_cloudwatch_event_bus.${key}.arn}`, path), policy: busPolicies.get(name) };
    }),
  ];
  const rules = each<DeclaredRule>("aws_cloudwatch_event_rule", (b, path, key) => {
    const pattern = opt(b.event_pattern, path);
    return {
      path,
      name: str(b.name, path),
      arn: refs.resolve(`\${aws_cloudwatch_event_rule.${key}.arn}`, path),
      busName: busNameOf(opt(b.event_bus_name, path)),
      ...(pattern && { pattern: JSON.parse(pattern) as unknown }),
      scheduleExpression: opt(b.schedule_expression, path),
      enabled: b.state === undefined ? b.is_enabled !== false : str(b.state, path) !== "DISABLED",
    };
  });
  const targets = each<DeclaredTarget>("aws_cloudwatch_event_target", (b, path) => {
    const transformer = nested(b, "input_transformer");
    return {
      path,
      ruleName: str(b.rule, path),
      busName: busNameOf(opt(b.event_bus_name, path)),
      arn: str(b.arn, path),
      input: opt(b.input, path),
      inputPath: opt(b.input_path, path),
      ...(transformer && {
        inputTransformer: {
          pathsMap: Object.fromEntries(Object.entries((transformer.input_paths ?? {}) as Record<string, unknown>).map(([k, v]) => [k, str(v, path)])),
          template: str(transformer.input_template, path),
        },
      }),
      roleArn: opt(b.role_arn, path),
    };
  });

  const mappings = each<DeclaredMapping>("aws_lambda_event_source_mapping", (b, path) => {
    if (b.event_source_arn === undefined) throw new Error("only event sources named by event_source_arn are emulated (not self-managed Kafka or MQ)");
    const onFailure = nested(nested(b, "destination_config") ?? {}, "on_failure");
    const filters = nestedList(nested(b, "filter_criteria") ?? {}, "filter").map((f) => JSON.parse(str(f.pattern, path)) as unknown);
    const scaling = nested(b, "scaling_config");
    return {
      path,
      functionRef: str(b.function_name, path),
      sourceArn: str(b.event_source_arn, path),
      batchSize: b.batch_size === undefined ? undefined : num(b.batch_size, 10, path),
      batchingWindowSeconds: num(b.maximum_batching_window_in_seconds, 0, path),
      reportBatchItemFailures: list(b.function_response_types, path).includes("ReportBatchItemFailures"),
      startingPosition: opt(b.starting_position, path),
      bisect: b.bisect_batch_on_function_error === true,
      maxRetryAttempts: num(b.maximum_retry_attempts, -1, path),
      maxRecordAgeSeconds: num(b.maximum_record_age_in_seconds, -1, path),
      onFailureArn: onFailure ? opt(onFailure.destination_arn, path) : undefined,
      filters,
      maxConcurrency: scaling?.maximum_concurrency === undefined ? undefined : num(scaling.maximum_concurrency, 2, path),
      enabled: b.enabled !== false,
    };
  });
  const permissions = each<DeclaredPermission>("aws_lambda_permission", (b, path) => ({
    path,
    functionRef: str(b.function_name, path),
    qualifier: opt(b.qualifier, path),
    statementId: opt(b.statement_id, path) ?? path,
    action: str(b.action, path),
    principal: str(b.principal, path),
    sourceArn: opt(b.source_arn, path),
    sourceAccount: opt(b.source_account, path),
    functionUrlAuthType: opt(b.function_url_auth_type, path),
    principalOrgId: opt(b.principal_org_id, path),
  }));
  const schedules = each<DeclaredSchedule>("aws_scheduler_schedule", (b, path) => {
    const target = nested(b, "target") ?? {};
    const group = opt(b.group_name, path) ?? "default";
    const name = str(b.name, path);
    return {
      path,
      name,
      arn: `arn:${stack.partition}:scheduler:${stack.region}:${stack.accountId}:schedule/${group}/${name}`,
      expression: str(b.schedule_expression, path),
      targetArn: str(target.arn, path),
      input: opt(target.input, path),
      roleArn: str(target.role_arn, path),
      role: rolePolicies(stack, refs, target.role_arn, path),
    };
  });
  const invokeConfigs = each<DeclaredInvokeConfig>("aws_lambda_function_event_invoke_config", (b, path) => {
    const destinations = nested(b, "destination_config");
    const onSuccess = destinations && nested(destinations, "on_success");
    const onFailure = destinations && nested(destinations, "on_failure");
    return {
      path,
      functionRef: str(b.function_name, path),
      qualifier: opt(b.qualifier, path),
      maxRetryAttempts: num(b.maximum_retry_attempts, 2, path),
      maxEventAgeSeconds: num(b.maximum_event_age_in_seconds, 21600, path),
      onSuccessArn: onSuccess ? opt(onSuccess.destination, path) : undefined,
      onFailureArn: onFailure ? opt(onFailure.destination, path) : undefined,
    };
  });
  const functionUrls = each<DeclaredFunctionUrl>("aws_lambda_function_url", (b, path) => {
    const cors = nested(b, "cors");
    return {
      path,
      functionRef: str(b.function_name, path),
      qualifier: opt(b.qualifier, path),
      authType: str(b.authorization_type, path) === "NONE" ? "NONE" : "AWS_IAM",
      invokeMode: opt(b.invoke_mode, path) ?? "BUFFERED",
      ...(cors && {
        cors: {
          allowOrigins: list(cors.allow_origins, path),
          allowMethods: list(cors.allow_methods, path),
          allowHeaders: list(cors.allow_headers, path),
          exposeHeaders: list(cors.expose_headers, path),
          allowCredentials: cors.allow_credentials === true,
          ...(cors.max_age !== undefined && { maxAge: num(cors.max_age, 0, path) }),
        },
      }),
    };
  });
  const authorizers = each<DeclaredAuthorizer>("aws_apigatewayv2_authorizer", (b, path, key) => {
    const type = str(b.authorizer_type, path);
    const jwt = nested(b, "jwt_configuration");
    return {
      key,
      path,
      apiKey: References.target(b.api_id)?.name ?? "",
      name: str(b.name, path),
      id: refs.resolve(`\${aws_apigatewayv2_authorizer.${key}.id}`, path),
      type: type === "JWT" ? "JWT" : "REQUEST",
      functionRef: b.authorizer_uri === undefined ? undefined : str(b.authorizer_uri, path),
      payloadFormatVersion: opt(b.authorizer_payload_format_version, path) ?? "1.0",
      simpleResponses: b.enable_simple_responses === true,
      identitySources: list(b.identity_sources, path),
      ttlSeconds: num(b.authorizer_result_ttl_in_seconds, type === "JWT" ? 0 : 300, path),
      ...(jwt && { jwt: { issuer: opt(jwt.issuer, path) ?? "", audience: list(jwt.audience, path) } }),
    };
  });

  const notEmulated = Object.keys(stack.resources)
    .filter((type) => !READ_TYPES.has(type) && !INERT_TYPES.test(type))
    .map((type) => `${type} (${Object.keys(stack.resources[type]).length})`);
  return { queues, topics, subscriptions, buckets, notifications, buses, rules, targets, mappings, permissions, schedules, invokeConfigs, functionUrls, authorizers, notEmulated, problems };
}

/** `event_bus_name` may be a name or an ARN; absent means the default bus. */
function busNameOf(value: string | undefined): string {
  if (!value) return "default";
  return value.startsWith("arn:") ? value.split("event-bus/")[1] ?? value : value;
}
