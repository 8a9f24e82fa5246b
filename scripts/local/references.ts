import { renderPolicyDocument } from "./policy-document";
import { nested, nestedList, resource, type Block, type Stack } from "./stack";
import { isTemplate, parseTemplate, type Expression } from "./template";

export interface ReferenceOptions {
  /**
   * The local AWS endpoint: queue URLs point at it (the SDK sends SQS calls to the queue URL's
   * host), so that no call of a function leaves the machine.
   */
  readonly endpoint?: string;
}

/** What a `dynamic` block's iterator stands for while its content is expanded. */
type Scope = ReadonlyMap<string, { readonly key: unknown; readonly value: unknown }>;

/**
 * Resolves Terraform references (`${aws_dynamodb_table.UsersTable.arn}`) the way `apply` would
 * resolve them: names are the resources' own attributes, ARNs and ids are built from them with the
 * provider's partition, region and the account id. What only exists after apply (an API id, a
 * stream label) gets a fixed local stand-in; anything else (functions, variables, modules) is an
 * error that names the reference, never a guess.
 */
export class References {
  private readonly resolving = new Set<string>();

  constructor(
    private readonly stack: Stack,
    private readonly options: ReferenceOptions = {},
    private readonly scope: Scope = new Map(),
  ) {}

  /** The same references with a `dynamic` block's iterator bound (`statement.value`, `statement.key`). */
  withIterator(name: string, key: unknown, value: unknown): References {
    return new References(this.stack, this.options, new Map([...this.scope, [name, { key, value }]]));
  }

  /** A string with every `${...}` replaced; `where` says what is being resolved, for errors. */
  resolve(value: string, where: string): string {
    const result = this.resolveValue(value, where);
    if (typeof result === "string") return result;
    if (typeof result === "number" || typeof result === "boolean") return String(result);
    throw new Error(`${where}: ${value} is not a string (it is ${JSON.stringify(result)})`);
  }

  /** A string's value: a single interpolation keeps its type (a list, an object, a number). */
  resolveValue(value: string, where: string): unknown {
    if (!isTemplate(value)) return value.replace(/\$\$\{/g, "${");
    let expression: Expression;
    try {
      expression = parseTemplate(value);
    } catch (error) {
      throw new Error(`${where}: ${(error as Error).message}`);
    }
    return this.evaluate(expression, where);
  }

  /** Any JSON value with its strings resolved. */
  resolveDeep(value: unknown, where: string): unknown {
    if (typeof value === "string") return this.resolveValue(value, where);
    if (Array.isArray(value)) return value.map((v) => this.resolveDeep(v, where));
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value as Block).filter(([k]) => k !== "//").map(([k, v]) => [k, this.resolveDeep(v, where)]));
    }
    return value;
  }

  /**
   * A block's nested blocks of one kind, `dynamic` ones expanded over their literal (or local)
   * `for_each`, each with the references to resolve its content with (the iterator bound).
   * A `dynamic` block over what cannot be known here is an error: one of its blocks could be a Deny.
   */
  blocks(block: Block, key: string, where: string): { block: Block; refs: References }[] {
    const out = nestedList(block, key).map((b) => ({ block: b, refs: this as References }));
    for (const dynamic of nestedList(nested(block, "dynamic") ?? {}, key)) {
      const iterator = typeof dynamic.iterator === "string" ? dynamic.iterator : key;
      let collection: unknown;
      try {
        collection = typeof dynamic.for_each === "string" ? this.resolveValue(dynamic.for_each, `${where} dynamic ${key}`) : dynamic.for_each;
      } catch (error) {
        throw new Error(`${where}: dynamic "${key}" over ${JSON.stringify(dynamic.for_each)} cannot be expanded locally (${(error as Error).message})`);
      }
      const entries: [unknown, unknown][] = Array.isArray(collection)
        ? collection.map((v, i) => [i, v])
        : collection && typeof collection === "object"
          ? Object.entries(collection)
          : (() => {
              throw new Error(`${where}: dynamic "${key}" for_each is not a list or map: ${JSON.stringify(collection)}`);
            })();
      const content = nested(dynamic, "content") ?? {};
      for (const [k, v] of entries) out.push({ block: content, refs: this.withIterator(iterator, k, v) });
    }
    return out;
  }

  /** `type.name` of a plain reference (`${aws_iam_role.X.arn}` gives aws_iam_role and X), else undefined. */
  static target(value: unknown): { type: string; name: string; attribute: string; data: boolean } | undefined {
    if (typeof value !== "string") return undefined;
    const m = /^\$\{(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)\}$/.exec(value.trim());
    return m ? { data: m[1] !== undefined, type: m[2], name: m[3], attribute: m[4] } : undefined;
  }

  /**
   * The function of the stack a value designates: a reference to it (its `arn`, `invoke_arn`...), or to
   * an alias of it (a function with a `live` alias is invoked through the alias); undefined otherwise.
   */
  static functionKey(stack: Stack, value: unknown): string | undefined {
    const target = References.target(value);
    if (target?.type === "aws_lambda_function" && !target.data) return target.name;
    if (target?.type !== "aws_lambda_alias" || target.data) return undefined;
    const fn = References.target(resource(stack, "aws_lambda_alias", target.name)?.function_name);
    return fn?.type === "aws_lambda_function" && !fn.data ? fn.name : undefined;
  }

  private evaluate(expression: Expression, where: string): unknown {
    switch (expression.kind) {
      case "literal":
        return expression.value;
      case "template":
        return expression.parts
          .map((part) => {
            if (typeof part === "string") return part;
            const value = this.evaluate(part, where);
            if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return String(value);
            throw new Error(`${where}: a ${Array.isArray(value) ? "list" : typeof value} cannot be part of a string`);
          })
          .join("");
      case "tuple":
        return expression.items.map((item) => this.evaluate(item, where));
      case "object":
        return Object.fromEntries(expression.entries.map(([k, v]) => [String(this.evaluate(k, where)), this.evaluate(v, where)]));
      case "call":
        return this.call(expression.name, expression.args.map((a) => this.evaluate(a, where)), where);
      case "traversal":
        return this.traversal(expression, where);
    }
  }

  private call(name: string, args: unknown[], where: string): unknown {
    switch (name) {
      case "jsonencode":
        return JSON.stringify(sortKeys(args[0]));
      case "jsondecode":
        return JSON.parse(String(args[0]));
      case "tostring":
        return String(args[0]);
      case "tonumber":
        return Number(args[0]);
      case "lower":
        return String(args[0]).toLowerCase();
      case "upper":
        return String(args[0]).toUpperCase();
      case "join":
        return (args[1] as unknown[]).map(String).join(String(args[0]));
      case "concat":
        return (args as unknown[][]).flat();
      default:
        throw new Error(`${where}: the function ${name}() is not evaluated locally`);
    }
  }

  private traversal(expression: Extract<Expression, { kind: "traversal" }>, where: string): unknown {
    const { root, steps } = expression;
    const index = (value: unknown, rest: readonly (string | number)[]): unknown =>
      rest.reduce<unknown>((v, step) => {
        if (v === null || typeof v !== "object") throw new Error(`${where}: \${${expression.text}} indexes a value that is not a list or object`);
        return (v as Record<string | number, unknown>)[step];
      }, value);
    const bound = this.scope.get(root);
    if (bound) {
      if (steps[0] === "key") return index(bound.key, steps.slice(1));
      if (steps[0] === "value") return index(bound.value, steps.slice(1));
      throw new Error(`${where}: \${${expression.text}}: a dynamic block's iterator has only key and value`);
    }
    if (root === "local") {
      const name = String(steps[0]);
      if (!(name in this.stack.locals)) throw new Error(`${where}: local.${name} is not in stack ${this.stack.name}`);
      return index(this.guarded(`local.${name}`, where, () => this.resolveDeep(this.stack.locals[name], `local.${name}`)), steps.slice(1));
    }
    if (root === "data") {
      const [type, name, attribute, ...rest] = steps.map(String);
      if (!type || !name || !attribute) throw new Error(`${where}: cannot resolve \${${expression.text}} locally (only resource and data source attributes are)`);
      return index(this.guarded(`data.${type}.${name}.${attribute}`, where, () => this.dataAttribute(type, name, attribute, where)), rest);
    }
    const [name, attribute, ...rest] = steps.map(String);
    if (!/^[a-z0-9]+_[a-z0-9_]+$/.test(root) || !name || !attribute) {
      throw new Error(`${where}: cannot resolve \${${expression.text}} locally (only resource and data source attributes are)`);
    }
    return index(this.guarded(`${root}.${name}.${attribute}`, where, () => this.resourceAttribute(root, name, attribute, where)), rest);
  }

  private guarded<T>(key: string, where: string, compute: () => T): T {
    if (this.resolving.has(key)) throw new Error(`${where}: \${${key}} refers to itself`);
    this.resolving.add(key);
    try {
      return compute();
    } finally {
      this.resolving.delete(key);
    }
  }

  private dataAttribute(type: string, name: string, attribute: string, where: string): string {
    const { partition, region, accountId } = this.stack;
    const block = this.stack.data[type]?.[name];
    if (!block) throw new Error(`${where}: data.${type}.${name} is not in stack ${this.stack.name}`);
    if (type === "aws_iam_policy_document" && attribute === "json") return JSON.stringify(renderPolicyDocument(block, this, `data.${type}.${name}`));
    if (type === "aws_iam_policy_document" && attribute === "minified_json") return JSON.stringify(renderPolicyDocument(block, this, `data.${type}.${name}`));
    if (type === "aws_caller_identity" && attribute === "account_id") return accountId;
    if (type === "aws_region" && (attribute === "name" || attribute === "region" || attribute === "id")) return region;
    if (type === "aws_partition" && attribute === "partition") return partition;
    throw new Error(`${where}: data.${type}.${name}.${attribute} is not resolved locally`);
  }

  private queueUrl(name: string): string {
    const base = this.options.endpoint ?? `https://sqs.${this.stack.region}.amazonaws.com`;
    return `${base}/${this.stack.accountId}/${name}`;
  }

  private resourceAttribute(type: string, name: string, attribute: string, where: string): string {
    const block = resource(this.stack, type, name);
    if (!block) throw new Error(`${where}: ${type}.${name} is not in stack ${this.stack.name}`);
    const own = (key: string): string => {
      const value = block[key];
      if (typeof value !== "string") {
        throw new Error(`${where}: ${type}.${name}.${attribute} needs its ${key}, which is ${value === undefined ? "not set (a generated name is only known after apply)" : "not a string"}`);
      }
      return this.resolve(value, `${type}.${name}.${key}`);
    };
    if (attribute !== "arn" && attribute !== "id" && typeof block[attribute] === "string") return own(attribute);
    if (typeof block[attribute] === "number" || typeof block[attribute] === "boolean") return String(block[attribute]);
    const arn = (service: string, rest: string, withRegion = true) =>
      `arn:${this.stack.partition}:${service}:${withRegion ? this.stack.region : ""}:${this.stack.accountId}:${rest}`;
    const aliasFunction = () => {
      const fn = own("function_name");
      return fn.startsWith("arn:") ? fn.replace(/:\$LATEST$/, "") : arn("lambda", `function:${fn}`);
    };
    const known: Record<string, Record<string, () => string>> = {
      aws_dynamodb_table: {
        id: () => own("name"),
        arn: () => arn("dynamodb", `table/${own("name")}`),
        // The stream label is a timestamp chosen by DynamoDB at apply: a fixed one stands in.
        stream_arn: () => arn("dynamodb", `table/${own("name")}/stream/1970-01-01T00:00:00.000`),
        stream_label: () => "1970-01-01T00:00:00.000",
      },
      aws_sqs_queue: {
        arn: () => arn("sqs", own("name")),
        id: () => this.queueUrl(own("name")),
        url: () => this.queueUrl(own("name")),
      },
      aws_sns_topic: { arn: () => arn("sns", own("name")), id: () => arn("sns", own("name")) },
      // A key's id exists only after apply: `local-<name>` stands in (a topic encrypted with it is emulated; nothing is encrypted locally).
      aws_kms_key: { arn: () => arn("kms", `key/local-${name}`), id: () => `local-${name}`, key_id: () => `local-${name}` },
      aws_kinesis_stream: { arn: () => arn("kinesis", `stream/${own("name")}`), id: () => arn("kinesis", `stream/${own("name")}`) },
      aws_s3_bucket: { arn: () => `arn:${this.stack.partition}:s3:::${own("bucket")}`, id: () => own("bucket") },
      aws_cloudwatch_log_group: { arn: () => arn("logs", `log-group:${own("name")}`), id: () => own("name") },
      aws_iam_role: { arn: () => arn("iam", `role${pathPart(block)}${own("name")}`, false), id: () => own("name") },
      aws_iam_policy: { arn: () => arn("iam", `policy${pathPart(block)}${own("name")}`, false), id: () => arn("iam", `policy${pathPart(block)}${own("name")}`, false) },
      aws_lambda_function: {
        arn: () => arn("lambda", `function:${own("function_name")}`),
        id: () => own("function_name"),
        qualified_arn: () => arn("lambda", `function:${own("function_name")}:$LATEST`),
        invoke_arn: () => `arn:${this.stack.partition}:apigateway:${this.stack.region}:lambda:path/2015-03-31/functions/${arn("lambda", `function:${own("function_name")}`)}/invocations`,
      },
      aws_lambda_layer_version: {
        arn: () => arn("lambda", `layer:${own("layer_name")}:1`),
        id: () => arn("lambda", `layer:${own("layer_name")}:1`),
        layer_arn: () => arn("lambda", `layer:${own("layer_name")}`),
      },
      aws_cloudwatch_event_rule: {
        arn: () => {
          const bus = typeof block.event_bus_name === "string" && block.event_bus_name !== "default" ? `${this.resolve(block.event_bus_name, where)}/` : "";
          return arn("events", `rule/${bus}${own("name")}`);
        },
        id: () => own("name"),
      },
      aws_cloudwatch_event_bus: { arn: () => arn("events", `event-bus/${own("name")}`), id: () => own("name") },
      // An API's id exists only after apply: "local" stands in, and an authorizer's id is its name.
      aws_apigatewayv2_api: {
        id: () => "local",
        arn: () => `arn:${this.stack.partition}:apigateway:${this.stack.region}::/apis/local`,
        execution_arn: () => arn("execute-api", "local"),
        api_endpoint: () => "http://127.0.0.1",
      },
      aws_apigatewayv2_integration: { id: () => `local-${name}` },
      aws_apigatewayv2_authorizer: { id: () => own("name") },
      aws_lambda_alias: {
        arn: () => `${aliasFunction()}:${own("name")}`,
        invoke_arn: () => `arn:${this.stack.partition}:apigateway:${this.stack.region}:lambda:path/2015-03-31/functions/${aliasFunction()}:${own("name")}/invocations`,
      },
      aws_scheduler_schedule: { arn: () => arn("scheduler", `schedule/${typeof block.group_name === "string" ? this.resolve(block.group_name, where) : "default"}/${own("name")}`) },
      aws_sns_topic_subscription: { arn: () => `${this.resolve(String(block.topic_arn), where)}:${name}` },
    };
    const attributeOf = known[type]?.[attribute];
    if (!attributeOf) throw new Error(`${where}: ${type}.${name}.${attribute} is not resolved locally`);
    return attributeOf();
  }
}

function sortKeys(value: unknown): unknown {
  // jsonencode writes an object's keys in lexical order.
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

function pathPart(block: Block): string {
  return typeof block.path === "string" ? block.path : "/";
}
