import { DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DynamodbResourcePolicy } from "@cdktf/provider-aws/lib/dynamodb-resource-policy";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformIterator, TerraformStack, TerraformVariable, Testing } from "cdktf";
import type { Construct } from "constructs";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { ServerlessFunction, Table } from "../../../modules/aws";
import { Session } from "../../../scripts/local/session";

const ACCOUNT = "222222222222";
const REGION = "eu-central-1";
const ENTRY = join(__dirname, "..", "..", "fixtures", "local-chain", "handlers", "reader.ts");
const tableArn = (name: string) => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`;

/**
 * DynamoDB resource policies (`aws_dynamodb_resource_policy`): one denying a function through a
 * dynamic statement over a literal list, one the model cannot read (a variable).
 */
class TablePoliciesStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: REGION, allowedAccountIds: [ACCOUNT] });
    const guarded = new Table(this, "Guarded", { tableName: "guarded", partitionKey: { name: "id", type: "S" } });
    const unknown = new Table(this, "Unknown", { tableName: "unknown", partitionKey: { name: "id", type: "S" } });
    const open = new Table(this, "Open", { tableName: "open", partitionKey: { name: "id", type: "S" } });
    const writer = new ServerlessFunction(this, "Writer", { functionName: "table-writer", entry: ENTRY });
    const other = new ServerlessFunction(this, "Other", { functionName: "table-other", entry: ENTRY });
    for (const table of [guarded, unknown, open]) {
      table.grantReadWriteData(writer);
      table.grantReadWriteData(other);
    }
    const actions = TerraformIterator.fromList(["dynamodb:PutItem"]);
    const deny = new DataAwsIamPolicyDocument(this, "DenyWriter", {
      statement: actions.dynamic({ effect: "Deny", actions: [actions.value], resources: [guarded.arn], principals: [{ type: "AWS", identifiers: [writer.roleArn] }] }),
    });
    new DynamodbResourcePolicy(this, "GuardedPolicy", { resourceArn: guarded.arn, policy: deny.json });
    const policy = new TerraformVariable(this, "unknown_policy", { type: "string" });
    new DynamodbResourcePolicy(this, "UnknownPolicy", { resourceArn: unknown.arn, policy: policy.stringValue });
  }
}

describe("npm run local: a table's resource policy is evaluated with the caller's, and one that cannot be read refuses", () => {
  const outdir = Testing.fullSynth(new TablePoliciesStack(Testing.app(), "table-policies"));
  const log: string[] = [];
  let session: Session;
  beforeAll(async () => {
    session = await Session.start({ outdir, stack: "table-policies", log: (l) => log.push(l) });
  });
  afterAll(async () => {
    await session?.close();
    rmSync(outdir, { recursive: true, force: true });
  });
  const put = (fn: string, table: string) =>
    new DynamoDBClient({ endpoint: session.endpoint, region: REGION, credentials: session.identities.of(session.byName(fn)!), maxAttempts: 1 }).send(
      new PutItemCommand({ TableName: table, Item: { id: { S: "x" } } }),
    );
  const failure = (call: Promise<unknown>) =>
    call.then(
      () => "allowed",
      (error: Error) => `${error.name}: ${error.message}`,
    );

  test("the policies are read, and the one that cannot be read is said on start", () => {
    expect(session.declared.notEmulated).toEqual([]);
    expect(log).toContainEqual(expect.stringMatching(/^table-policies\/UnknownPolicy: its policy cannot be read: cannot verify \$\{var.unknown_policy\} .*; every call on arn:aws:dynamodb:eu-central-1:222222222222:table\/unknown is refused$/));
  });

  test.each([
    ["the function the table's policy does not name", "table-other", "guarded"],
    ["any function on a table without a policy", "table-writer", "open"],
  ])("Compliance: %s writes", async (_what, fn, table) => {
    expect(await failure(put(fn, table))).toBe("allowed");
  });

  test.each([
    ["the function the table's policy denies (a dynamic statement over a literal list)", "table-writer", "guarded"],
    ["a function on the table whose policy cannot be read", "table-other", "unknown"],
    ["even the function its role allows, on the table whose policy cannot be read", "table-writer", "unknown"],
  ])("Noncompliance: %s is refused", async (_what, fn, table) => {
    expect(await failure(put(fn, table))).toMatch(new RegExp(`^AccessDeniedException: User: arn:aws:sts::${ACCOUNT}:assumed-role/${fn}-role/${fn} is not authorized to perform: dynamodb:PutItem on resource: ${tableArn(table)} because explicitly denied`));
  });

  test("the operator (the account owner) is not a function: it reads what was written", async () => {
    const operator = new DynamoDBClient({ endpoint: session.endpoint, region: REGION, credentials: session.identities.operator, maxAttempts: 1 });
    expect((await operator.send(new GetItemCommand({ TableName: "guarded", Key: { id: { S: "x" } } }))).Item).toEqual({ id: { S: "x" } });
  });
});
