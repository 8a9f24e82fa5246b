import type { AuthorizationRequest } from "./iam-check";

/** Where the tables live, to turn table names into ARNs as DynamoDB does. */
export interface TableArns {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  /** Hash key attribute name per table name, for dynamodb:LeadingKeys. */
  readonly hashKeys: ReadonlyMap<string, string>;
}

type Json = Record<string, unknown>;

/**
 * The IAM authorizations one DynamoDB API call needs: its own action on each table (or index) it
 * touches; transactions need the action of each item operation on its table, as IAM checks them.
 * Undefined for operations this tool does not map (they are refused, never let through).
 */
export function authorizationsFor(operation: string, input: Json, where: TableArns): AuthorizationRequest[] | undefined {
  const tableArn = (nameOrArn: unknown) =>
    String(nameOrArn).startsWith("arn:") ? String(nameOrArn) : `arn:${where.partition}:dynamodb:${where.region}:${where.accountId}:table/${String(nameOrArn)}`;
  const nameOf = (nameOrArn: unknown) => String(nameOrArn).replace(/^arn:[^:]+:dynamodb:[^:]*:\d*:table\//, "").split("/")[0];
  const common = (body: Json): Record<string, string> => ({
    ...(typeof body.Select === "string" && { "dynamodb:Select": body.Select }),
    ...(typeof body.ReturnValues === "string" && { "dynamodb:ReturnValues": body.ReturnValues }),
    ...(typeof body.ReturnConsumedCapacity === "string" && { "dynamodb:ReturnConsumedCapacity": body.ReturnConsumedCapacity }),
  });
  const leadingKeys = (table: unknown, item: unknown): Record<string, string[]> => {
    const hashKey = where.hashKeys.get(nameOf(table));
    const value = hashKey && item && typeof item === "object" ? (item as Record<string, Record<string, unknown>>)[hashKey] : undefined;
    const scalar = value && (value.S ?? value.N ?? value.B);
    return typeof scalar === "string" ? { "dynamodb:LeadingKeys": [scalar] } : {};
  };
  const one = (action: string, table: unknown, context: Record<string, string | string[]>, index?: unknown): AuthorizationRequest => ({
    action: `dynamodb:${action}`,
    resource: index === undefined ? tableArn(table) : `${tableArn(table)}/index/${String(index)}`,
    context,
  });

  switch (operation) {
    case "GetItem":
    case "DeleteItem":
    case "UpdateItem":
      return [one(operation, input.TableName, { ...common(input), ...leadingKeys(input.TableName, input.Key) })];
    case "PutItem":
      return [one(operation, input.TableName, { ...common(input), ...leadingKeys(input.TableName, input.Item) })];
    case "Query":
    case "Scan":
      return [one(operation, input.TableName, common(input), input.IndexName)];
    case "CreateTable":
    case "DeleteTable":
    case "DescribeTable":
    case "UpdateTable":
    case "DescribeTimeToLive":
      return [one(operation, input.TableName, {})];
    case "ListTables":
      return [{ action: "dynamodb:ListTables", resource: "*", context: {} }];
    case "TagResource":
    case "UntagResource":
    case "ListTagsOfResource":
      return [{ action: `dynamodb:${operation}`, resource: String(input.ResourceArn), context: {} }];
    case "BatchGetItem":
      return Object.entries((input.RequestItems ?? {}) as Json).map(([table]) => one("BatchGetItem", table, common(input)));
    case "BatchWriteItem":
      return Object.entries((input.RequestItems ?? {}) as Json).map(([table]) => one("BatchWriteItem", table, common(input)));
    case "TransactGetItems":
      return ((input.TransactItems ?? []) as Json[]).map((item) => {
        const get = (item.Get ?? {}) as Json;
        return one("GetItem", get.TableName, leadingKeys(get.TableName, get.Key));
      });
    case "TransactWriteItems":
      return ((input.TransactItems ?? []) as Json[]).flatMap((item) => {
        const entries: [string, string, string][] = [["Put", "PutItem", "Item"], ["Update", "UpdateItem", "Key"], ["Delete", "DeleteItem", "Key"], ["ConditionCheck", "ConditionCheckItem", "Key"]];
        return entries.filter(([key]) => item[key]).map(([key, action, keyField]) => {
          const body = item[key] as Json;
          return one(action, body.TableName, leadingKeys(body.TableName, body[keyField]));
        });
      });
    default:
      return undefined;
  }
}
