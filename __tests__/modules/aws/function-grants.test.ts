import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { Table } from "../../../modules/aws";
import { validationError } from "./support";
import { envStack, grantedStatements, grantee, KEY_ARN } from "./data-support";

describe("grants to a function", () => {
  test("a grant that would take the execution policy past IAM's 10,240 characters is refused, naming the function", () => {
    const stack = envStack();
    const fn = grantee(stack);
    const tables = Array.from({ length: 60 }, (_, i) => new Table(stack, `Table${i}`, { tableName: `table-with-a-long-name-${i}`, partitionKey: { name: "id", type: "S" } }));
    const granted = tables.findIndex((table) => {
      try {
        table.grantReadWriteData(fn);
        return false;
      } catch {
        return true;
      }
    });
    expect(granted).toBeGreaterThan(10);
    const error = validationError(() => tables[granted].grantReadWriteData(fn));
    expect(error.message).toMatch(new RegExp(`^Invalid Table grantReadWriteData \\(to stack/Fn\\) at stack/Table${granted}`));
    expect(error.problems.map((p) => [p.prop, p.rule])).toEqual([
      ["fn", "a function whose execution role's inline policy stays within 10240 characters with this grant (IAM's limit; references counted as 128 characters)"],
    ]);
    // What was refused was not added.
    expect(grantedStatements(stack)).toHaveLength(granted * 2);
  });

  test("where the provider names no region, the key is usable through the service in any region (StringLike)", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    new AwsProvider(stack, "aws", { allowedAccountIds: ["111111111111"] });
    new Table(stack, "Orders", { tableName: "orders", partitionKey: { name: "id", type: "S" }, kmsKeyArn: KEY_ARN }).grantReadData(grantee(stack));
    expect(grantedStatements(stack)[1].condition).toEqual([{ test: "StringLike", variable: "kms:ViaService", values: ["dynamodb.*.amazonaws.com"] }]);
  });

  test("a customer key of another account is granted: the resource is encrypted with it (the grant gives its statement that reason)", () => {
    const stack = envStack();
    const shared = KEY_ARN.replace("111111111111", "999999999999");
    new Table(stack, "Orders", { tableName: "orders", partitionKey: { name: "id", type: "S" }, kmsKeyArn: shared }).grantReadData(grantee(stack));
    expect(grantedStatements(stack)[1].resources).toEqual([shared]);
  });
});
