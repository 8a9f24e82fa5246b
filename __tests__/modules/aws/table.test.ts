import { Testing } from "cdktf";
import { Queue, Table, type TableProps } from "../../../modules/aws";
import { only, resources, validationError, type Json } from "./support";
import { ACCOUNT, envStack, EVERY_ENVIRONMENT, grantedStatements, grantee, KEY_ARN, packReport } from "./data-support";

const ORDERS: TableProps = { tableName: "orders", partitionKey: { name: "id", type: "S" } };
const synth = (stack: ReturnType<typeof envStack>): Json => JSON.parse(Testing.synth(stack));

describe("Table", () => {
  test("defaults: on demand, encrypted, point-in-time recovery, protected where no environment says otherwise; the address a raw table of that id has", () => {
    const stack = envStack();
    const table = new Table(stack, "Orders", ORDERS);
    const json = synth(stack);
    expect(Object.keys(resources(json, "aws_dynamodb_table"))).toEqual(["Orders"]);
    expect(only(json, "aws_dynamodb_table")).toEqual({
      name: "orders",
      billing_mode: "PAY_PER_REQUEST",
      hash_key: "id",
      attribute: [{ name: "id", type: "S" }],
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true },
      deletion_protection_enabled: true,
    });
    expect(table.streamArn).toBeUndefined();
    expect(table.tableName).toBe("orders");
    expect(Testing.synth(stack)).not.toContain("stream");
  });

  test("keys, indexes (attributes defined once), stream, expiry, customer key and tags", () => {
    const stack = envStack();
    const table = new Table(stack, "Orders", {
      ...ORDERS,
      sortKey: { name: "createdAt", type: "N" },
      stream: "NEW_AND_OLD_IMAGES",
      ttlAttribute: "expiresAt",
      globalSecondaryIndexes: [
        { indexName: "byCustomer", partitionKey: { name: "customerId", type: "S" }, sortKey: { name: "createdAt", type: "N" } },
        { indexName: "byStatus", partitionKey: { name: "status", type: "S" } },
      ],
      pointInTimeRecovery: false,
      kmsKeyArn: KEY_ARN,
      deletionProtection: false,
      tags: { Service: "orders" },
    });
    expect(only(synth(stack), "aws_dynamodb_table")).toEqual({
      name: "orders",
      billing_mode: "PAY_PER_REQUEST",
      hash_key: "id",
      range_key: "createdAt",
      attribute: [
        { name: "id", type: "S" },
        { name: "createdAt", type: "N" },
        { name: "customerId", type: "S" },
        { name: "status", type: "S" },
      ],
      global_secondary_index: [
        { name: "byCustomer", hash_key: "customerId", range_key: "createdAt", projection_type: "ALL" },
        { name: "byStatus", hash_key: "status", projection_type: "ALL" },
      ],
      stream_enabled: true,
      stream_view_type: "NEW_AND_OLD_IMAGES",
      ttl: { attribute_name: "expiresAt", enabled: true },
      point_in_time_recovery: { enabled: false },
      server_side_encryption: { enabled: true, kms_key_arn: KEY_ARN },
      deletion_protection_enabled: false,
      tags: { Service: "orders" },
    });
    expect(table.streamArn).toBeDefined();
  });

  test.each([
    ["dev", false],
    ["stg", false],
    ["prod", true],
    ["undeclared-live", true],
  ])("deletion protection follows the environment's protected trait: %s -> %p; the prop overrides it", (environment, protectedByDefault) => {
    const stack = envStack(environment);
    new Table(stack, "Orders", ORDERS);
    new Table(stack, "Kept", { ...ORDERS, tableName: "kept", deletionProtection: true });
    new Table(stack, "Scratch", { ...ORDERS, tableName: "scratch", deletionProtection: false });
    const tables = resources(synth(stack), "aws_dynamodb_table");
    expect([tables.Orders.deletion_protection_enabled, tables.Kept.deletion_protection_enabled, tables.Scratch.deletion_protection_enabled]).toEqual([protectedByDefault, true, false]);
  });

  // Noncompliance: props refused, each with the problem it gets; Compliance: its safe twin, accepted.
  test.each<[string, Partial<TableProps> & Record<string, unknown>, string, RegExp, Partial<TableProps>]>([
    ["a name too short", { tableName: "ab" }, "tableName", /3 to 255 letters/, { tableName: "abc" }],
    ["a key type that is not S, N or B", { partitionKey: { name: "id", type: "string" as "S" } }, "partitionKey.type", /one of "S", "N", "B"/, { partitionKey: { name: "id", type: "S" } }],
    ["a sort key that is the partition key", { sortKey: { name: "id", type: "S" } }, "sortKey.name", /an attribute other than the partition key/, { sortKey: { name: "at", type: "S" } }],
    [
      "an attribute with two types",
      { sortKey: { name: "at", type: "N" }, globalSecondaryIndexes: [{ indexName: "byAt", partitionKey: { name: "at", type: "S" } }] },
      "globalSecondaryIndexes[0].partitionKey.type",
      /"N", the type at has as sortKey/,
      { sortKey: { name: "at", type: "N" }, globalSecondaryIndexes: [{ indexName: "byAt", partitionKey: { name: "at", type: "N" } }] },
    ],
    [
      "two indexes with one name",
      { globalSecondaryIndexes: [{ indexName: "byA", partitionKey: { name: "a", type: "S" } }, { indexName: "byA", partitionKey: { name: "b", type: "S" } }] },
      "globalSecondaryIndexes",
      /indexes with distinct names/,
      { globalSecondaryIndexes: [{ indexName: "byA", partitionKey: { name: "a", type: "S" } }, { indexName: "byB", partitionKey: { name: "b", type: "S" } }] },
    ],
    ["a stream view DynamoDB does not have", { stream: "NEW" as "NEW_IMAGE" }, "stream", /one of "NEW_AND_OLD_IMAGES", "NEW_IMAGE", "OLD_IMAGE", "KEYS_ONLY"/, { stream: "NEW_IMAGE" }],
    ["a key alias instead of a key", { kmsKeyArn: `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/orders` }, "kmsKeyArn", /a KMS key ARN/, { kmsKeyArn: KEY_ARN }],
    ["a key of another region", { kmsKeyArn: KEY_ARN.replace("eu-west-1", "us-east-1") }, "kmsKeyArn", /region/, { kmsKeyArn: KEY_ARN }],
    ["a misspelt prop", { tablename: "orders" }, "tablename", /one of the known props \(tableName, partitionKey, sortKey, stream, ttlAttribute, globalSecondaryIndexes/, {}],
  ])("Noncompliance: %s is refused; its safe twin is accepted", (_what, bad, prop, rule, twin) => {
    const error = validationError(() => new Table(envStack(), "Orders", { ...ORDERS, ...bad } as TableProps));
    expect(error.problems.map((p) => [p.path, p.prop])).toEqual([["stack/Orders", prop]]);
    expect(error.problems[0].rule).toMatch(rule);
    expect(() => new Table(envStack(), "Orders", { ...ORDERS, ...twin })).not.toThrow();
  });

  test("a second table of the same name in the stack is refused, naming the first", () => {
    const stack = envStack();
    new Table(stack, "Orders", ORDERS);
    const error = validationError(() => new Table(stack, "Again", ORDERS));
    expect(error.problems.map((p) => [p.prop, p.rule])).toEqual([["tableName", "a DynamoDB table name no other construct of the stack uses (stack/Orders has it)"]]);
  });

  describe("grants", () => {
    const withIndexes: TableProps = { ...ORDERS, globalSecondaryIndexes: [{ indexName: "byCustomer", partitionKey: { name: "customerId", type: "S" } }] };
    const read = ["dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan"];
    const write = ["dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:UpdateItem"];

    test("grantReadData: reads on the table, queries and scans on each index by name", () => {
      const stack = envStack();
      new Table(stack, "Orders", withIndexes).grantReadData(grantee(stack));
      expect(grantedStatements(stack)).toEqual([
        { sid: "TableOrdersReadData", effect: "Allow", actions: read, resources: ["${aws_dynamodb_table.Orders.arn}"] },
        { sid: "TableOrdersReadIndexes", effect: "Allow", actions: ["dynamodb:Query", "dynamodb:Scan"], resources: ["${aws_dynamodb_table.Orders.arn}/index/byCustomer"] },
      ]);
    });

    test("grantWriteData: writes on the table only; grantReadWriteData: both; granting twice adds nothing", () => {
      const stack = envStack();
      const table = new Table(stack, "Orders", ORDERS);
      const writer = grantee(stack, "Writer");
      table.grantWriteData(writer);
      table.grantWriteData(writer);
      const both = grantee(stack, "Both");
      table.grantReadWriteData(both);
      table.grantReadData(both);
      expect(grantedStatements(stack, "Writer")).toEqual([{ sid: "TableOrdersWriteData", effect: "Allow", actions: write, resources: ["${aws_dynamodb_table.Orders.arn}"] }]);
      expect(grantedStatements(stack, "Both").map((s) => s.sid)).toEqual(["TableOrdersReadData", "TableOrdersWriteData"]);
    });

    test("with a customer key: kms:Decrypt on that key, through DynamoDB in the stack's region only", () => {
      const stack = envStack();
      new Table(stack, "Orders", { ...ORDERS, kmsKeyArn: KEY_ARN }).grantWriteData(grantee(stack));
      expect(grantedStatements(stack)[1]).toEqual({
        sid: "TableOrdersKey",
        effect: "Allow",
        actions: ["kms:Decrypt"],
        resources: [KEY_ARN],
        condition: [{ test: "StringEquals", variable: "kms:ViaService", values: ["dynamodb.eu-west-1.amazonaws.com"] }],
      });
    });

    test("a grant to something that is not a ServerlessFunction is refused", () => {
      const stack = envStack();
      const table = new Table(stack, "Orders", ORDERS);
      const queue = new Queue(stack, "Q", { queueName: "q" });
      const error = validationError(() => table.grantReadData(queue as never));
      expect(error.message).toMatch(/^Invalid Table grantReadData at stack\/Orders/);
      expect(error.problems.map((p) => [p.prop, p.received])).toEqual([["fn", "a Queue"]]);
    });

    test("two tables with one construct id in different scopes get statements apart (the second sid carries a hash)", () => {
      const stack = envStack();
      const fn = grantee(stack);
      new Table(stack, "Orders", ORDERS).grantReadData(fn);
      const { Construct } = jest.requireActual("constructs") as typeof import("constructs");
      new Table(new Construct(stack, "Archive"), "Orders", { ...ORDERS, tableName: "orders-archive" }).grantReadData(fn);
      const sids = grantedStatements(stack).map((s) => s.sid);
      expect(sids[0]).toBe("TableOrdersReadData");
      expect(sids[1]).toMatch(/^TableOrdersReadData[0-9A-F]{6}$/);
    });
  });

  test.each(EVERY_ENVIRONMENT)("passes the rule pack in %s with no suppression, granted to a function", (environment) => {
    const stack = envStack(environment);
    const table = new Table(stack, "Orders", { ...ORDERS, stream: "NEW_IMAGE", kmsKeyArn: KEY_ARN, globalSecondaryIndexes: [{ indexName: "byCustomer", partitionKey: { name: "c", type: "S" } }] });
    table.grantReadWriteData(grantee(stack));
    const report = packReport(stack);
    expect(report.findings.filter((f) => f.path.startsWith("stack/Orders"))).toEqual([]);
    expect(report.findings.filter((f) => /iam|kms|dynamodb/.test(f.ruleId))).toEqual([]);
    expect(report.suppressed).toEqual([]);
  });
});
