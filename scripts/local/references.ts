import { renderPolicyDocument } from "./policy-document";
import { resource, type Block, type Stack } from "./stack";

/**
 * Resolves Terraform references (`${aws_dynamodb_table.UsersTable.arn}`) the way `apply` would
 * resolve them: names are the resources' own attributes, ARNs and ids are built from them with the
 * provider's partition, region and the account id. What only exists after apply (an API id, a
 * stream label) gets a fixed local stand-in; anything else (functions, variables, modules) is an
 * error that names the reference, never a guess.
 */
export class References {
  private readonly resolving = new Set<string>();

  constructor(private readonly stack: Stack) {}

  /** A string with every `${...}` replaced; `where` says what is being resolved, for errors. */
  resolve(value: string, where: string): string {
    return value.replace(/\$\{([^}]*)\}/g, (_whole, expression: string) => this.expression(expression.trim(), where));
  }

  /** Any JSON value with its strings resolved. */
  resolveDeep(value: unknown, where: string): unknown {
    if (typeof value === "string") return this.resolve(value, where);
    if (Array.isArray(value)) return value.map((v) => this.resolveDeep(v, where));
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value as Block).filter(([k]) => k !== "//").map(([k, v]) => [k, this.resolveDeep(v, where)]));
    }
    return value;
  }

  /** `type.name` of a plain reference (`${aws_iam_role.X.arn}` gives aws_iam_role and X), else undefined. */
  static target(value: unknown): { type: string; name: string; attribute: string; data: boolean } | undefined {
    if (typeof value !== "string") return undefined;
    const m = /^\$\{(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)\}$/.exec(value.trim());
    return m ? { data: m[1] !== undefined, type: m[2], name: m[3], attribute: m[4] } : undefined;
  }

  private expression(expression: string, where: string): string {
    const m = /^(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)$/.exec(expression);
    if (!m) throw new Error(`${where}: cannot resolve \${${expression}} locally (only resource and data source attributes are)`);
    const [, data, type, name, attribute] = m;
    const key = `${data ?? ""}${type}.${name}.${attribute}`;
    if (this.resolving.has(key)) throw new Error(`${where}: \${${expression}} refers to itself`);
    this.resolving.add(key);
    try {
      return data ? this.dataAttribute(type, name, attribute, where) : this.resourceAttribute(type, name, attribute, where);
    } finally {
      this.resolving.delete(key);
    }
  }

  private dataAttribute(type: string, name: string, attribute: string, where: string): string {
    const { partition, region, accountId } = this.stack;
    const block = this.stack.data[type]?.[name];
    if (!block) throw new Error(`${where}: data.${type}.${name} is not in stack ${this.stack.name}`);
    if (type === "aws_iam_policy_document" && attribute === "json") return JSON.stringify(renderPolicyDocument(block, this, `data.${type}.${name}`));
    if (type === "aws_caller_identity" && attribute === "account_id") return accountId;
    if (type === "aws_region" && (attribute === "name" || attribute === "region" || attribute === "id")) return region;
    if (type === "aws_partition" && attribute === "partition") return partition;
    throw new Error(`${where}: data.${type}.${name}.${attribute} is not resolved locally`);
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
    const arn = (service: string, rest: string, withRegion = true) =>
      `arn:${this.stack.partition}:${service}:${withRegion ? this.stack.region : ""}:${this.stack.accountId}:${rest}`;
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
        id: () => `https://sqs.${this.stack.region}.amazonaws.com/${this.stack.accountId}/${own("name")}`,
        url: () => `https://sqs.${this.stack.region}.amazonaws.com/${this.stack.accountId}/${own("name")}`,
      },
      aws_sns_topic: { arn: () => arn("sns", own("name")), id: () => arn("sns", own("name")) },
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
      // An API's id exists only after apply.
      aws_apigatewayv2_api: { id: () => "local", arn: () => `arn:${this.stack.partition}:apigateway:${this.stack.region}::/apis/local` },
      aws_apigatewayv2_integration: { id: () => `local-${name}` },
    };
    const attributeOf = known[type]?.[attribute];
    if (!attributeOf) throw new Error(`${where}: ${type}.${name}.${attribute} is not resolved locally`);
    return attributeOf();
  }
}

function pathPart(block: Block): string {
  return typeof block.path === "string" ? block.path : "/";
}
