import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { authorizationsFor } from "../../../scripts/local/dynamodb-requests";
import { loadFunctions } from "../../../scripts/local/functions";
import { authorize } from "../../../scripts/local/iam-check";
import { readStack } from "../../../scripts/local/stack";

const ACCOUNT = "222222222222";
const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`;

/** A minimal stack: one function whose role has the given inline policy statements (Terraform JSON). */
function stackWith(statements: unknown[], extra: Record<string, unknown> = {}, doc: Record<string, unknown> = {}, more: Record<string, unknown> = {}) {
  const outdir = mkdtempSync(join(tmpdir(), "cdktf-local-iam-"));
  mkdirSync(join(outdir, "stacks", "s"), { recursive: true });
  writeFileSync(
    join(outdir, "stacks", "s", "cdk.tf.json"),
    JSON.stringify({
      provider: { aws: [{ region: "us-east-1", allowed_account_ids: [ACCOUNT] }] },
      data: { aws_iam_policy_document: { Doc: { statement: statements, ...doc }, ...more } },
      resource: {
        aws_dynamodb_table: { Orders: { name: "orders", hash_key: "pk", attribute: [{ name: "pk", type: "S" }], billing_mode: "PAY_PER_REQUEST" } },
        aws_iam_role: { Role: { name: "fn-role", assume_role_policy: "{}", ...extra } },
        aws_iam_role_policy: { Policy: { role: "${aws_iam_role.Role.id}", policy: "${data.aws_iam_policy_document.Doc.json}" } },
        aws_lambda_function: {
          Fn: { function_name: "fn", role: "${aws_iam_role.Role.arn}", handler: "index.handler", runtime: "nodejs22.x", filename: "x.zip", source_code_hash: "x" },
        },
      },
    }),
  );
  const stack = readStack(outdir, "s");
  rmSync(outdir, { recursive: true, force: true });
  return { stack, fn: loadFunctions(stack)[0] };
}

const where = { partition: "aws", region: "us-east-1", accountId: ACCOUNT, hashKeys: new Map([["orders", "pk"]]) };
const decide = async (statements: unknown[], operation: string, input: Record<string, unknown>, extra?: Record<string, unknown>) => {
  const { fn } = stackWith(statements, extra);
  return Promise.all(authorizationsFor(operation, input, where)!.map((r) => authorize(fn, ACCOUNT, r)));
};

describe("authorize (a DynamoDB call against the function's synthesized role)", () => {
  const getOrders = { effect: "Allow", actions: ["dynamodb:GetItem"], resources: ["${aws_dynamodb_table.Orders.arn}"] };

  test("Compliance: the granted action on the referenced table (the reference resolved to its ARN)", async () => {
    expect(await decide([getOrders], "GetItem", { TableName: "orders", Key: { pk: { S: "a" } } })).toEqual([{ allowed: true }]);
  });

  test("Noncompliance: another action, another table, an index of a table granted only as a table", async () => {
    expect(await decide([getOrders], "PutItem", { TableName: "orders", Item: { pk: { S: "a" } } })).toEqual([
      { allowed: false, reason: "no identity-based policy allows the dynamodb:PutItem action" },
    ]);
    expect((await decide([getOrders], "GetItem", { TableName: "other", Key: {} }))[0].allowed).toBe(false);
    expect((await decide([{ ...getOrders, actions: ["dynamodb:Query"] }], "Query", { TableName: "orders", IndexName: "byDate" }))[0].allowed).toBe(false);
  });

  test("a transaction needs each item action on its table", async () => {
    const put = { effect: "Allow", actions: ["dynamodb:PutItem"], resources: [TABLE] };
    const decisions = await decide([put], "TransactWriteItems", {
      TransactItems: [{ Put: { TableName: "orders", Item: { pk: { S: "a" } } } }, { Delete: { TableName: "orders", Key: { pk: { S: "b" } } } }],
    });
    expect(decisions.map((d) => d.allowed)).toEqual([true, false]);
  });

  test("conditions are evaluated on the keys known here (dynamodb:LeadingKeys)", async () => {
    const own = { ...getOrders, condition: [{ test: "ForAllValues:StringEquals", variable: "dynamodb:LeadingKeys", values: ["tenant-1"] }] };
    expect((await decide([own], "GetItem", { TableName: "orders", Key: { pk: { S: "tenant-1" } } }))[0].allowed).toBe(true);
    expect((await decide([own], "GetItem", { TableName: "orders", Key: { pk: { S: "tenant-2" } } }))[0].allowed).toBe(false);
  });

  test("a condition on a key unknown here never allows, and a Deny that might apply refuses", async () => {
    const vpce = { ...getOrders, condition: [{ test: "StringEqualsIfExists", variable: "aws:SourceVpce", values: ["vpce-1"] }] };
    expect(await decide([vpce], "GetItem", { TableName: "orders", Key: { pk: { S: "a" } } })).toEqual([
      { allowed: false, reason: "the statement that allows it has a condition on aws:SourceVpce, which cannot be evaluated locally" },
    ]);
    const deny = { effect: "Deny", actions: ["dynamodb:GetItem"], resources: [TABLE], condition: [{ test: "StringNotEquals", variable: "aws:SourceVpce", values: ["vpce-1"] }] };
    expect(await decide([getOrders, deny], "GetItem", { TableName: "orders", Key: { pk: { S: "a" } } })).toEqual([
      { allowed: false, reason: "a Deny statement's condition on aws:SourceVpce cannot be evaluated locally" },
    ]);
  });

  test("an explicit Deny wins", async () => {
    const deny = { effect: "Deny", actions: ["dynamodb:GetItem"], resources: [TABLE] };
    expect(await decide([getOrders, deny], "GetItem", { TableName: "orders", Key: {} })).toEqual([{ allowed: false, reason: "explicitly denied" }]);
  });

  test("what is attached but not evaluated is named in the refusal; a permissions boundary refuses everything", async () => {
    const managed = await decide([], "GetItem", { TableName: "orders", Key: {} }, { managed_policy_arns: ["arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess"] });
    expect(managed[0]).toEqual({
      allowed: false,
      reason:
        "no identity-based policy allows the dynamodb:GetItem action; also attached but not evaluated locally: aws_iam_role.Role.managed_policy_arns: managed policy arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess (not in this stack)",
    });
    const bounded = await decide([getOrders], "GetItem", { TableName: "orders", Key: {} }, { permissions_boundary: "arn:aws:iam::222222222222:policy/boundary" });
    expect(bounded[0]).toEqual({ allowed: false, reason: "the role's permissions boundary (arn:aws:iam::222222222222:policy/boundary) is not in the app's output, so it is not evaluated locally" });
  });

  test("operations this tool does not map are not authorized at all", () => {
    expect(authorizationsFor("ExecuteStatement", { Statement: "SELECT * FROM orders" }, where)).toBeUndefined();
  });

  describe("a Deny counts however the document is written", () => {
    const get = { TableName: "orders", Key: { pk: { S: "a" } } };
    const decideWith = async (doc: Record<string, unknown>, more: Record<string, unknown> = {}) => {
      const { fn } = stackWith([getOrders], {}, doc, more);
      if (fn.problems.length > 0) return fn.problems;
      return Promise.all(authorizationsFor("GetItem", get, where)!.map((r) => authorize(fn, ACCOUNT, r)));
    };

    test("Noncompliance: a dynamic statement block (over a literal list) that denies", async () => {
      const dynamic = { statement: [{ for_each: ["dynamodb:GetItem"], content: [{ effect: "Deny", actions: ["${statement.value}"], resources: [TABLE] }] }] };
      expect(await decideWith({ dynamic })).toEqual([{ allowed: false, reason: "explicitly denied" }]);
    });

    test("Compliance: the same dynamic block over another action denies nothing here", async () => {
      const dynamic = { statement: [{ for_each: ["dynamodb:PutItem"], content: [{ effect: "Deny", actions: ["${statement.value}"], resources: [TABLE] }] }] };
      expect(await decideWith({ dynamic })).toEqual([{ allowed: true }]);
    });

    test("Noncompliance: a dynamic block over what cannot be known here makes the function fail to load, saying so", async () => {
      const dynamic = { statement: [{ for_each: "${var.denied}", content: [{ effect: "Deny", actions: ["${statement.value}"], resources: [TABLE] }] }] };
      // The model's reading of the document, with where and why: the function does not load.
      expect(await decideWith({ dynamic })).toEqual([
        'aws_lambda_function.Fn: fn-role\'s policy aws_iam_role_policy.Policy cannot be read: cannot verify dynamic "statement" at data.aws_iam_policy_document.Doc.dynamic.statement: its for_each: ${var.denied}: var.denied is not declared in the stack (read by aws_iam_role_policy.Policy.policy)',
      ]);
    });

    test("Noncompliance: an override document whose statement of the same sid denies (merged by sid as the provider does)", async () => {
      const override = { statement: [{ sid: "Read", effect: "Deny", actions: ["dynamodb:GetItem"], resources: [TABLE] }] };
      const doc = { statement: [{ ...getOrders, sid: "Read" }, { sid: "Other", effect: "Allow", actions: ["dynamodb:GetItem"], resources: [TABLE] }], override_policy_documents: ["${data.aws_iam_policy_document.Override.json}"] };
      const { fn } = stackWith([], {}, doc, { Override: override });
      const [decision] = await Promise.all(authorizationsFor("GetItem", get, where)!.map((r) => authorize(fn, ACCOUNT, r)));
      expect(decision).toEqual({ allowed: false, reason: "explicitly denied" });
      expect(fn.role.policies[0].statements.map((st) => [st.sid, st.effect])).toEqual([
        ["Read", "Deny"],
        ["Other", "Allow"],
      ]);
    });

    test("Compliance: source documents are merged in before the document's own statements", async () => {
      const source = { statement: [getOrders] };
      const { fn } = stackWith([], {}, { source_policy_documents: ["${data.aws_iam_policy_document.Source.json}"] }, { Source: source });
      const [decision] = await Promise.all(authorizationsFor("GetItem", get, where)!.map((r) => authorize(fn, ACCOUNT, r)));
      expect(decision).toEqual({ allowed: true });
    });
  });
});
