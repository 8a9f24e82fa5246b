import { block as first, blocks, describeUnreadable, policiesOf, type Config, type IamStatement, type ModelBlock } from "../../modules/core/terraform";
import { catalogEntry, type LocalRole } from "../../modules/core/catalog";
import { rolePolicies, type RolePolicies } from "./role-policies";
import { blocksAs, notEmulated, pathOf, type Stack } from "./stack";
import { LocalValues } from "./values";

/*
 * What the stack declares for the emulated services and their event sources, read through the
 * model (blocks, references, policies) into plain descriptions with every value resolved. Which
 * blocks are read as what is the catalog's (`local.as`); the notice of what is not emulated too.
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
  readonly policy?: readonly IamStatement[];
  readonly kmsKey?: string;
}

export interface DeclaredTopic {
  readonly path: string;
  readonly name: string;
  readonly arn: string;
  readonly fifo: boolean;
  readonly contentBasedDeduplication: boolean;
  readonly policy?: readonly IamStatement[];
  readonly kmsKey?: string;
}

/** A resource policy block: its statements, or why the model cannot read them (then calls on what it is on are refused). */
export type DeclaredResourcePolicy =
  | { readonly path: string; readonly on?: string; readonly statements: readonly IamStatement[] }
  | { readonly path: string; readonly on?: string; readonly unreadable: string };

/** A Secrets Manager secret: its value is put at run time (as a deploy puts it out of band). */
export interface DeclaredSecret {
  readonly path: string;
  readonly name: string;
  readonly arn: string;
  readonly description?: string;
  readonly policy?: readonly IamStatement[];
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
  readonly policy?: readonly IamStatement[];
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
  readonly path: string;
  readonly name: string;
  readonly arn: string;
  readonly policy?: readonly IamStatement[];
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
  /** Its Terraform address. */
  readonly key: string;
  readonly path: string;
  /** The Terraform address of its API. */
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
  readonly secrets: DeclaredSecret[];
  /** Resource policies written as blocks of their own, by what they are on (a table's or stream's ARN, a queue's URL, ...). */
  readonly resourcePolicies: readonly DeclaredResourcePolicy[];
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
  readonly aliases: DeclaredAlias[];
  /** Resource types in the stack the catalog says are not emulated (said on start): `<type> (<count>): <what>`. */
  readonly notEmulated: string[];
  readonly problems: string[];
}

/** An alias of a function of the stack: triggers, permissions and routes may name it. */
export interface DeclaredAlias {
  readonly path: string;
  /** The function as the alias names it (its name or ARN). */
  readonly functionRef: string;
  readonly name: string;
  readonly arn: string;
}

export function readDeclared(stack: Stack, endpoint?: string): Declared {
  const values = new LocalValues(stack, endpoint);
  const problems: string[] = [];
  const each = <T>(role: LocalRole, read: (config: Config, path: string, block: ModelBlock) => T | undefined): T[] =>
    blocksAs(stack, role).flatMap((block) => {
      const path = pathOf(block);
      try {
        const value = read(block.config, path, block);
        return value === undefined ? [] : [value];
      } catch (error) {
        problems.push(`${path}: ${(error as Error).message}; not emulated`);
        return [];
      }
    });
  const str = (value: unknown, where: string) => values.text(value, where);
  const opt = (value: unknown, where: string) => values.optionalText(value, where);
  const num = (value: unknown, fallback: number, where: string) => values.number(value, fallback, where);
  const list = (value: unknown, where: string) => values.texts(value, where);

  // Resource policies: a queue's, topic's, bucket's or bus's own argument, or a block of their own
  // naming what they are on (the catalog's resource-policy grant says which argument).
  // A policy that cannot be read could hold a Deny: what it is on is then not emulated either.
  const standalone = each<DeclaredResourcePolicy>("resource-policy", (_c, path, block) => {
    const grant = catalogEntry(block.typeKey)?.grants?.find((g) => g.kind === "resource-policy");
    if (!grant || grant.kind !== "resource-policy" || !grant.policy) return undefined;
    const on = grant.resource && block.config[grant.resource] !== undefined ? str(block.config[grant.resource], path) : undefined;
    try {
      return { on, path, statements: policyOf(values, block, grant.policy, path)! };
    } catch (error) {
      return { on, path, unreadable: (error as Error).message };
    }
  });
  for (const p of standalone) if ("unreadable" in p && p.on?.includes(":dynamodb:")) problems.push(`${p.path}: ${p.unreadable}; every call on ${p.on} is refused`);
  const policyFor = (block: ModelBlock, path: string, ...names: (string | undefined)[]): readonly IamStatement[] | undefined => {
    const own = policyOf(values, block, "policy", path);
    const other = standalone.find((p) => p.on !== undefined && names.includes(p.on));
    if (other && "unreadable" in other) throw new Error(`${other.path}: ${other.unreadable}`);
    return own ?? other?.statements;
  };

  const redrives = each("queue-redrive", (c, path) => ({ url: str(c.queue_url, path), policy: str(c.redrive_policy, path) }));
  const queues = each<DeclaredQueue>("queue", (c, path, block) => {
    const name = str(c.name, path);
    const url = values.attribute(block.address, "url", path);
    const arn = values.attribute(block.address, "arn", path);
    const redriveText = opt(c.redrive_policy, path) ?? redrives.find((r) => r.url === url || r.url === arn)?.policy;
    const redrive = redriveText ? (JSON.parse(redriveText) as { deadLetterTargetArn: string; maxReceiveCount: number | string }) : undefined;
    return {
      path,
      name,
      arn,
      url,
      fifo: c.fifo_queue === true || name.endsWith(".fifo"),
      contentBasedDeduplication: c.content_based_deduplication === true,
      visibilityTimeout: num(c.visibility_timeout_seconds, 30, path),
      delaySeconds: num(c.delay_seconds, 0, path),
      retentionSeconds: num(c.message_retention_seconds, 345600, path),
      maxMessageSize: num(c.max_message_size, 262144, path),
      receiveWaitSeconds: num(c.receive_wait_time_seconds, 0, path),
      ...(redrive && { redrive: { deadLetterArn: redrive.deadLetterTargetArn, maxReceiveCount: Number(redrive.maxReceiveCount) } }),
      policy: policyFor(block, path, url, arn),
      kmsKey: opt(c.kms_master_key_id, path),
    };
  });

  const topics = each<DeclaredTopic>("topic", (c, path, block) => {
    const arn = values.attribute(block.address, "arn", path);
    return {
      path,
      name: str(c.name, path),
      arn,
      fifo: c.fifo_topic === true,
      contentBasedDeduplication: c.content_based_deduplication === true,
      policy: policyFor(block, path, arn),
      kmsKey: opt(c.kms_master_key_id, path),
    };
  });
  const secrets = each<DeclaredSecret>("secret", (c, path, block) => {
    const name = str(c.name, path);
    const arn = values.attribute(block.address, "arn", path);
    return { path, name, arn, description: opt(c.description, path), policy: policyFor(block, path, arn), kmsKey: opt(c.kms_key_id, path) };
  });
  const subscriptions = each<DeclaredSubscription>("topic-subscription", (c, path, block) => {
    const filter = opt(c.filter_policy, path);
    return {
      path,
      arn: values.attribute(block.address, "arn", path),
      topicArn: str(c.topic_arn, path),
      protocol: str(c.protocol, path),
      endpoint: str(c.endpoint, path),
      ...(filter && { filterPolicy: JSON.parse(filter) as unknown }),
      filterPolicyScope: opt(c.filter_policy_scope, path) === "MessageBody" ? "MessageBody" : "MessageAttributes",
      rawMessageDelivery: c.raw_message_delivery === true,
    };
  });

  const buckets = each<DeclaredBucket>("bucket", (c, path, block) => {
    const name = str(c.bucket, path);
    const arn = values.attribute(block.address, "arn", path);
    return { path, name, arn, policy: policyFor(block, path, name, arn) };
  });
  const notifications = each("bucket-notification", (c, path) => {
    const bucket = str(c.bucket, path);
    const kinds: [string, DeclaredNotification["kind"], string][] = [
      ["lambda_function", "lambda", "lambda_function_arn"],
      ["queue", "queue", "queue_arn"],
      ["topic", "topic", "topic_arn"],
    ];
    return kinds.flatMap(([blockName, kind, arnKey]) =>
      blocks(c[blockName]).map(
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

  const defaultBusArn = `arn:${stack.partition}:events:${stack.region}:${stack.accountId}:event-bus/default`;
  const defaultPolicy = standalone.find((p) => p.on === undefined || p.on === "default" || p.on === defaultBusArn);
  if (defaultPolicy && "unreadable" in defaultPolicy) problems.push(`the default event bus: ${defaultPolicy.path}: ${defaultPolicy.unreadable}; not emulated`);
  const buses: DeclaredBus[] = [
    ...(defaultPolicy && "unreadable" in defaultPolicy ? [] : [{ path: "the default event bus", name: "default", arn: defaultBusArn, policy: defaultPolicy?.statements }]),
    ...each<DeclaredBus>("event-bus", (c, path, block) => {
      const name = str(c.name, path);
      const arn = values.attribute(block.address, "arn", path);
      return { path, name, arn, policy: policyFor(block, path, name, arn) };
    }),
  ];
  const rules = each<DeclaredRule>("event-rule", (c, path, block) => {
    const pattern = opt(c.event_pattern, path);
    return {
      path,
      name: str(c.name, path),
      arn: values.attribute(block.address, "arn", path),
      busName: busNameOf(opt(c.event_bus_name, path)),
      ...(pattern && { pattern: JSON.parse(pattern) as unknown }),
      scheduleExpression: opt(c.schedule_expression, path),
      enabled: c.state === undefined ? c.is_enabled !== false : str(c.state, path) !== "DISABLED",
    };
  });
  const targets = each<DeclaredTarget>("event-target", (c, path) => {
    const transformer = first(c.input_transformer);
    return {
      path,
      ruleName: str(c.rule, path),
      busName: busNameOf(opt(c.event_bus_name, path)),
      arn: str(c.arn, path),
      input: opt(c.input, path),
      inputPath: opt(c.input_path, path),
      ...(transformer && {
        inputTransformer: {
          pathsMap: Object.fromEntries(Object.entries((transformer.input_paths ?? {}) as Record<string, unknown>).map(([k, v]) => [k, str(v, path)])),
          template: str(transformer.input_template, path),
        },
      }),
      roleArn: opt(c.role_arn, path),
    };
  });

  const mappings = each<DeclaredMapping>("event-source-mapping", (c, path) => {
    if (c.event_source_arn === undefined) throw new Error("only event sources named by event_source_arn are emulated (not self-managed Kafka or MQ)");
    const onFailure = first(first(c.destination_config)?.on_failure);
    const filters = blocks(first(c.filter_criteria)?.filter).map((f) => JSON.parse(str(f.pattern, path)) as unknown);
    const scaling = first(c.scaling_config);
    return {
      path,
      functionRef: str(c.function_name, path),
      sourceArn: str(c.event_source_arn, path),
      batchSize: c.batch_size === undefined ? undefined : num(c.batch_size, 10, path),
      batchingWindowSeconds: num(c.maximum_batching_window_in_seconds, 0, path),
      reportBatchItemFailures: list(c.function_response_types, path).includes("ReportBatchItemFailures"),
      startingPosition: opt(c.starting_position, path),
      bisect: c.bisect_batch_on_function_error === true,
      maxRetryAttempts: num(c.maximum_retry_attempts, -1, path),
      maxRecordAgeSeconds: num(c.maximum_record_age_in_seconds, -1, path),
      onFailureArn: onFailure ? opt(onFailure.destination_arn, path) : undefined,
      filters,
      maxConcurrency: scaling?.maximum_concurrency === undefined ? undefined : num(scaling.maximum_concurrency, 2, path),
      enabled: c.enabled !== false,
    };
  });
  const permissions = each<DeclaredPermission>("function-permission", (c, path) => ({
    path,
    functionRef: str(c.function_name, path),
    qualifier: opt(c.qualifier, path),
    statementId: opt(c.statement_id, path) ?? path,
    action: str(c.action, path),
    principal: str(c.principal, path),
    sourceArn: opt(c.source_arn, path),
    sourceAccount: opt(c.source_account, path),
    functionUrlAuthType: opt(c.function_url_auth_type, path),
    principalOrgId: opt(c.principal_org_id, path),
  }));
  const schedules = each<DeclaredSchedule>("schedule", (c, path, block) => {
    const target = first(c.target) ?? {};
    return {
      path,
      name: str(c.name, path),
      arn: values.attribute(block.address, "arn", path),
      expression: str(c.schedule_expression, path),
      targetArn: str(target.arn, path),
      input: opt(target.input, path),
      roleArn: str(target.role_arn, path),
      role: rolePolicies(values, target.role_arn, path),
    };
  });
  const invokeConfigs = each<DeclaredInvokeConfig>("invoke-config", (c, path) => {
    const destinations = first(c.destination_config);
    const onSuccess = destinations && first(destinations.on_success);
    const onFailure = destinations && first(destinations.on_failure);
    return {
      path,
      functionRef: str(c.function_name, path),
      qualifier: opt(c.qualifier, path),
      maxRetryAttempts: num(c.maximum_retry_attempts, 2, path),
      maxEventAgeSeconds: num(c.maximum_event_age_in_seconds, 21600, path),
      onSuccessArn: onSuccess ? opt(onSuccess.destination, path) : undefined,
      onFailureArn: onFailure ? opt(onFailure.destination, path) : undefined,
    };
  });
  const functionUrls = each<DeclaredFunctionUrl>("function-url", (c, path) => {
    const cors = first(c.cors);
    return {
      path,
      functionRef: str(c.function_name, path),
      qualifier: opt(c.qualifier, path),
      authType: str(c.authorization_type, path) === "NONE" ? "NONE" : "AWS_IAM",
      invokeMode: opt(c.invoke_mode, path) ?? "BUFFERED",
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
  const authorizers = each<DeclaredAuthorizer>("api-authorizer", (c, path, block) => {
    const type = str(c.authorizer_type, path);
    const jwt = first(c.jwt_configuration);
    return {
      key: block.address,
      path,
      apiKey: values.blockNamedBy(c.api_id)?.address ?? "",
      name: str(c.name, path),
      id: values.attribute(block.address, "id", path),
      type: type === "JWT" ? "JWT" : "REQUEST",
      functionRef: c.authorizer_uri === undefined ? undefined : str(c.authorizer_uri, path),
      payloadFormatVersion: opt(c.authorizer_payload_format_version, path) ?? "1.0",
      simpleResponses: c.enable_simple_responses === true,
      identitySources: list(c.identity_sources, path),
      ttlSeconds: num(c.authorizer_result_ttl_in_seconds, type === "JWT" ? 0 : 300, path),
      ...(jwt && { jwt: { issuer: opt(jwt.issuer, path) ?? "", audience: list(jwt.audience, path) } }),
    };
  });
  const aliases = each<DeclaredAlias>("function-alias", (c, path, block) => ({
    path,
    functionRef: str(c.function_name, path),
    name: str(c.name, path),
    arn: values.attribute(block.address, "arn", path),
  }));

  return { queues, topics, secrets, resourcePolicies: standalone, subscriptions, buckets, notifications, buses, rules, targets, mappings, permissions, schedules, invokeConfigs, functionUrls, authorizers, aliases, notEmulated: notEmulated(stack), problems };
}

/**
 * The statements of a block's resource policy argument, read through the model; undefined when the
 * block has none. A policy the model cannot read whole is an error (the resource is then not
 * emulated, and says why): it could hold a Deny.
 */
function policyOf(values: LocalValues, block: ModelBlock, attribute: string, where: string): readonly IamStatement[] | undefined {
  const reading = policiesOf(values.stack.model, block.address).find((r) => r.kind === "resource" && r.attribute === attribute);
  if (!reading) return undefined;
  if (reading.unreadable.length > 0) throw new Error(`its policy cannot be read: ${describeUnreadable(reading.unreadable[0])}`);
  return values.statements(reading.statements, `${where} ${attribute}`);
}

/** `event_bus_name` may be a name or an ARN; absent means the default bus. */
function busNameOf(value: string | undefined): string {
  if (!value) return "default";
  return value.startsWith("arn:") ? value.split("event-bus/")[1] ?? value : value;
}
