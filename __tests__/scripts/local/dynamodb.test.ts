import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startDynamo, tablesOf } from "../../../scripts/local/dynamodb";
import { readStack } from "../../../scripts/local/stack";

function stack(tables: Record<string, unknown>) {
  const outdir = mkdtempSync(join(tmpdir(), "cdktf-local-ddb-"));
  mkdirSync(join(outdir, "stacks", "s"), { recursive: true });
  writeFileSync(join(outdir, "stacks", "s", "cdk.tf.json"), JSON.stringify({ provider: { aws: [{ region: "eu-central-1" }] }, resource: { aws_dynamodb_table: tables } }));
  const s = readStack(outdir, "s");
  rmSync(outdir, { recursive: true, force: true });
  return s;
}

describe("the stack's tables in dynalite", () => {
  const s = stack({
    Orders: {
      name: "orders",
      billing_mode: "PAY_PER_REQUEST",
      hash_key: "pk",
      range_key: "sk",
      attribute: [
        { name: "pk", type: "S" },
        { name: "sk", type: "S" },
        { name: "status", type: "S" },
        { name: "total", type: "N" },
      ],
      global_secondary_index: [{ name: "byStatus", hash_key: "status", range_key: "sk", projection_type: "INCLUDE", non_key_attributes: ["total"] }],
      local_secondary_index: [{ name: "byTotal", range_key: "total", projection_type: "KEYS_ONLY" }],
      stream_enabled: true,
      stream_view_type: "NEW_AND_OLD_IMAGES",
    },
    Counters: { name: "${aws_dynamodb_table.Orders.name}-counters", billing_mode: "PROVISIONED", read_capacity: 5, write_capacity: 2, hash_key: "id", attribute: [{ name: "id", type: "S" }] },
  });

  test("keys, indexes and billing as declared; ARNs from the provider's region and a stand-in account; the stream's ARN and view type", async () => {
    const tables = tablesOf(s);
    expect(tables.map((t) => [t.name, t.arn, t.hashKey])).toEqual([
      ["orders", "arn:aws:dynamodb:eu-central-1:123456789012:table/orders", "pk"],
      ["orders-counters", "arn:aws:dynamodb:eu-central-1:123456789012:table/orders-counters", "id"],
    ]);
    expect(tables[0].notEmulated).toEqual([]);
    expect(tables[0].stream).toEqual({ arn: "arn:aws:dynamodb:eu-central-1:123456789012:table/orders/stream/1970-01-01T00:00:00.000", viewType: "NEW_AND_OLD_IMAGES" });
    expect(tables[1].stream).toBeUndefined();
    const dynamo = await startDynamo(tables);
    try {
      const orders = JSON.parse((await dynamo.call("DescribeTable", { TableName: "orders" })).body).Table;
      expect(orders).toMatchObject({
        TableStatus: "ACTIVE",
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
        GlobalSecondaryIndexes: [{ IndexName: "byStatus", Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["total"] } }],
        LocalSecondaryIndexes: [{ IndexName: "byTotal", Projection: { ProjectionType: "KEYS_ONLY" } }],
      });
      const counters = JSON.parse((await dynamo.call("DescribeTable", { TableName: "orders-counters" })).body).Table;
      expect(counters.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 5, WriteCapacityUnits: 2 });
    } finally {
      await dynamo.close();
    }
  });
});
