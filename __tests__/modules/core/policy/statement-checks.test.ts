import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { App, Fn, TerraformStack, Testing } from "cdktf";
import { ServerlessFunction, type PolicyStatement } from "../../../../modules/aws";
import type { ValidationProblem } from "../../../../modules/core/validation";
import { CODE_DIR, validationError } from "../../aws/support";

// What a function's statements act on, checked at synth through the public API (ServerlessFunction
// props and addPolicyStatements), in cdk-nag's style: failing cases with their safe twins.

const ACCOUNT = "111111111111";
const TABLE = `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/users`;
const OWN_ROLE = `arn:aws:iam::${ACCOUNT}:role/orders-role`;
const PASSED_TO_LAMBDA = { StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } };
const REASON = "The account vending job sets this for every new account";

/** A stack whose provider allows one account in eu-west-1, as the shipped stacks' do. */
function stack(): TerraformStack {
  const s = new TerraformStack(Testing.app(), "s");
  new AwsProvider(s, "aws", { region: "eu-west-1", allowedAccountIds: [ACCOUNT] });
  return s;
}

const orders = (s: TerraformStack, policyStatements: PolicyStatement[]) => new ServerlessFunction(s, "Orders", { functionName: "orders", codeDirectory: CODE_DIR, policyStatements });

/** The problems of a function with these statements: [prop, rule] pairs. */
function refused(statements: PolicyStatement[], build: (s: TerraformStack) => TerraformStack = (s) => s): [string, string][] {
  const s = build(stack());
  return validationError(() => orders(s, statements)).problems.map((p: ValidationProblem) => [p.prop, p.rule]);
}

function accepted(statements: PolicyStatement[]): void {
  expect(() => orders(stack(), statements)).not.toThrow();
}

describe("a function may not change its own role", () => {
  test.each<[string, PolicyStatement]>([
    ["iam:PutRolePolicy on its role's ARN", { actions: ["iam:PutRolePolicy"], resources: [OWN_ROLE] }],
    ["iam:AttachRolePolicy on its ARN in another case", { actions: ["iam:AttachRolePolicy"], resources: [`arn:aws:iam::${ACCOUNT}:role/Orders-Role`] }],
    ["iam:UpdateAssumeRolePolicy with the partition and account written as wildcards", { actions: ["iam:UpdateAssumeRolePolicy"], resources: ["arn:aws:iam::*:role/orders-role"] }],
    ["iam:DeleteRolePermissionsBoundary", { actions: ["iam:DeleteRolePermissionsBoundary"], resources: [OWN_ROLE] }],
    ["iam:PutRolePermissionsBoundary", { actions: ["iam:PutRolePermissionsBoundary"], resources: [OWN_ROLE] }],
    ["iam:UpdateRole", { actions: ["iam:UpdateRole"], resources: [OWN_ROLE] }],
    ["iam:TagRole", { actions: ["iam:TagRole"], resources: [OWN_ROLE] }],
  ])("Noncompliance: %s (props)", (_name, statement) => {
    const problems = refused([{ ...statement, reason: "The function manages its own permissions at runtime" }]);
    expect(problems).toContainEqual([
      "policyStatements[0].resources[0]",
      `a resource other than the function's own role (orders-role): ${statement.actions[0]} on it would let the function grant itself any permission, whatever else the role allows`,
    ]);
  });

  test("Noncompliance: addPolicyStatements on the role's own reference (fn.roleArn, role/${name})", () => {
    const fn = orders(stack(), []);
    for (const resource of [fn.roleArn, `arn:aws:iam::${ACCOUNT}:role/${fn.role.role.name}`]) {
      const e = validationError(() => fn.addPolicyStatements({ actions: ["iam:PutRolePolicy"], resources: [resource] }));
      expect(e.problems.map((p) => [p.prop, p.rule])).toEqual([
        ["addPolicyStatements[0].resources[0]", expect.stringMatching(/^a resource other than the function's own role \(orders-role\): iam:PutRolePolicy on it/)],
      ]);
    }
  });

  test("Noncompliance: a role-changing action on a value only Terraform computes (Fn.join of the role's ARN) cannot be verified", () => {
    const fn = orders(stack(), []);
    const e = validationError(() => fn.addPolicyStatements({ actions: ["iam:AttachRolePolicy"], resources: [Fn.join("", [fn.roleArn])] }));
    expect(e.problems.map((p) => [p.prop, p.rule])).toEqual([
      ["addPolicyStatements[0].resources[0]", "a resource written out or as a plain reference: iam:AttachRolePolicy on a value only Terraform computes cannot be verified not to be the function's own role"],
    ]);
  });

  test("Compliance: the same actions on another, named role; a Deny on its own role; read-only IAM on it", () => {
    const other = `arn:aws:iam::${ACCOUNT}:role/app-worker`;
    accepted([
      { actions: ["iam:PutRolePolicy", "iam:AttachRolePolicy"], resources: [other] },
      { actions: ["iam:PutRolePolicy"], resources: [OWN_ROLE], effect: "Deny" },
      { actions: ["iam:GetRole", "iam:ListRolePolicies"], resources: [OWN_ROLE] },
    ]);
    const fn = orders(stack(), []);
    const role = new IamRole(fn, "Other", { name: "app-worker", assumeRolePolicy: "{}" });
    expect(() => fn.addPolicyStatements({ actions: ["iam:PutRolePolicy"], resources: [role.arn] })).not.toThrow();
  });
});

describe("iam:PassRole names the services the role is passed to", () => {
  const role = `arn:aws:iam::${ACCOUNT}:role/app-runner`;
  const RULE = /^a condition naming the services the role may be passed to/;
  test.each<[string, PolicyStatement["conditions"]]>([
    ["no condition", undefined],
    ['"*.amazonaws.com" (every service)', { StringLike: { "iam:PassedToService": "*.amazonaws.com" } }],
    ["StringEqualsIfExists (holds when the key is absent)", { StringEqualsIfExists: { "iam:PassedToService": "lambda.amazonaws.com" } }],
    ["ForAllValues without Null false", { "ForAllValues:StringEquals": { "iam:PassedToService": "lambda.amazonaws.com" } }],
    ["a negative operator", { StringNotEquals: { "iam:PassedToService": "ec2.amazonaws.com" } }],
    ["a condition on another key", { StringEquals: { "aws:RequestedRegion": "eu-west-1" } }],
  ])("Noncompliance: %s", (_name, conditions) => {
    expect(refused([{ actions: ["iam:PassRole"], resources: [role], conditions }])).toEqual([["policyStatements[0].conditions", expect.stringMatching(RULE)]]);
  });

  test("Compliance: StringEquals naming Lambda; ForAnyValue naming two services; ForAllValues with Null false", () => {
    accepted([
      { actions: ["iam:PassRole"], resources: [role], conditions: PASSED_TO_LAMBDA },
      { actions: ["iam:PassRole"], resources: [role], conditions: { "ForAnyValue:StringEquals": { "iam:PassedToService": ["lambda.amazonaws.com", "states.amazonaws.com"] } } },
      {
        actions: ["iam:PassRole"],
        resources: [role],
        conditions: [
          { test: "ForAllValues:StringEquals", variable: "iam:PassedToService", values: ["lambda.amazonaws.com"] },
          { test: "Null", variable: "iam:PassedToService", values: ["false"] },
        ],
      },
    ]);
  });
});

describe("account-level destructive actions need a reason", () => {
  test.each([
    ["organizations:LeaveOrganization"],
    ["s3:PutAccountPublicAccessBlock"],
    ["ec2:DisableEbsEncryptionByDefault"],
    ["iam:UpdateAccountPasswordPolicy"],
    ["iam:DeleteAccountPasswordPolicy"],
    ["guardduty:DisassociateFromAdministratorAccount"],
    ["macie2:DisableMacie"],
  ])('Noncompliance: %s on "*" without a reason', (action) => {
    expect(refused([{ actions: [action], resources: ["*"] }])).toEqual([["policyStatements[0].reason", expect.stringMatching(new RegExp(`^a reason \\(at least 3 words\\) for ${action}: it changes the whole account`))]]);
  });

  test("Noncompliance: cloudtrail:StopLogging on one trail, and a reason that is not one ('n/a')", () => {
    expect(refused([{ actions: ["cloudtrail:StopLogging"], resources: [`arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/main`] }])).toEqual([
      ["policyStatements[0].reason", expect.stringMatching(/for cloudtrail:StopLogging/)],
    ]);
    expect(refused([{ actions: ["s3:PutAccountPublicAccessBlock"], resources: ["*"], reason: "n/a" }]).map(([prop]) => prop)).toEqual(["policyStatements[0].reason"]);
  });

  test("Compliance: the same with a reason; read-only actions of the same services without one", () => {
    accepted([
      { actions: ["s3:PutAccountPublicAccessBlock", "ec2:DisableEbsEncryptionByDefault"], resources: ["*"], reason: REASON },
      { actions: ["guardduty:ListDetectors", "s3:GetAccountPublicAccessBlock"], resources: ["*"] },
    ]);
  });
});

describe("resources are of a resource type of the actions' services (Service Authorization Reference)", () => {
  test.each([
    ["a typo in the resource type (tabel/)", "dynamodb:GetItem", `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:tabel/users`, /^a resource of a type these actions act on: table for dynamodb:GetItem \(table: arn:<Partition>:dynamodb:<Region>:<Account>:table\/<TableName>\); or another resource type of dynamodb \(backup, export, global-table, import, index, stream\)$/],
    ["a topic for sqs:SendMessage", "sqs:SendMessage", `arn:aws:sns:eu-west-1:${ACCOUNT}:orders`, /^a resource of a type these actions act on: queue for sqs:SendMessage/],
    ["a bucket-level ARN written with a service typo (s3s)", "s3:GetObject", "arn:aws:s3s:::reports/*", /object for s3:GetObject/],
    ["a function ARN without function:", "lambda:InvokeFunction", `arn:aws:lambda:eu-west-1:${ACCOUNT}:orders`, /function for lambda:InvokeFunction/],
    ["a secret written secrets:", "secretsmanager:GetSecretValue", `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secrets:db-AbCdEf`, /Secret for secretsmanager:GetSecretValue/],
  ])("Noncompliance: %s", (_name, action, resource, rule) => {
    expect(refused([{ actions: [action], resources: [resource] }])).toEqual([["policyStatements[0].resources[0]", expect.stringMatching(rule)]]);
  });

  test("Noncompliance: a reference whose ARN form is known, of the wrong type (a queue's ARN for dynamodb:GetItem)", () => {
    const s = stack();
    const queue = new SqsQueue(s, "Queue", { name: "in" });
    const e = validationError(() => orders(s, [{ actions: ["dynamodb:GetItem"], resources: [queue.arn] }]));
    expect(e.problems.map((p) => [p.prop, p.rule])).toEqual([["policyStatements[0].resources[0]", expect.stringMatching(/^a resource of a type these actions act on: table for dynamodb:GetItem/)]]);
  });

  test("Compliance: tables, their indexes and streams; objects and buckets; wildcards that may stand for a type; references of the right type; unknown references", () => {
    const s = stack();
    const table = new DynamodbTable(s, "Table", { name: "orders", hashKey: "id", attribute: [{ name: "id", type: "S" }] });
    expect(() =>
      orders(s, [
        { actions: ["dynamodb:GetItem", "dynamodb:Query"], resources: [TABLE, `${TABLE}/index/*`, table.arn, `${table.arn}/index/by-date`] },
        { actions: ["dynamodb:GetRecords"], resources: [table.streamArn] },
        { actions: ["s3:GetObject", "s3:ListBucket"], resources: ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"] },
        { actions: ["dynamodb:GetItem"], resources: [`arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders*`], reason: "Every orders table and its indexes" },
        { actions: ["logs:PutLogEvents"], resources: [`arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/lambda/x:*`] },
        { actions: ["secretsmanager:GetSecretValue"], resources: [`arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:db-??????`] },
        { actions: ["sqs:SendMessage"], resources: [new SqsQueue(s, "Out", { name: "out" }).url] },
      ]),
    ).not.toThrow();
  });
});

describe("resources in the stack's allowed account and region", () => {
  test.each([
    ["another account's table", `arn:aws:dynamodb:eu-west-1:222222222222:table/users`, /^in the stack's account 111111111111 \(the one account its provider allows\); an ARN of account 222222222222 needs a reason/],
    ["a table of another region", `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/users`, /^in the stack's region eu-west-1; an ARN of region us-east-1 needs a reason/],
  ])("Noncompliance: %s", (_name, resource, rule) => {
    expect(refused([{ actions: ["dynamodb:GetItem"], resources: [resource] }])).toEqual([["policyStatements[0].resources[0]", expect.stringMatching(rule)]]);
  });

  test("Compliance: the same with a reason; account-less and region-less ARNs (S3, IAM); AWS-owned ARNs", () => {
    accepted([
      { actions: ["dynamodb:GetItem"], resources: ["arn:aws:dynamodb:eu-west-1:222222222222:table/users"], reason: "The shared catalogue table lives in the data account" },
      { actions: ["s3:GetObject"], resources: ["arn:aws:s3:::reports/*"] },
      { actions: ["iam:GetPolicy"], resources: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] },
    ]);
  });

  test("Noncompliance: checked again at synth when the provider comes after the function", () => {
    const app = new App({ outdir: Testing.app().outdir, stackTraces: false });
    const s = new TerraformStack(app, "late");
    orders(s, [{ actions: ["dynamodb:GetItem"], resources: [`arn:aws:dynamodb:eu-west-1:222222222222:table/users`] }]);
    new AwsProvider(s, "aws", { region: "eu-west-1", allowedAccountIds: [ACCOUNT] });
    expect(() => app.synth()).toThrow(/policyStatements\[0\]\.resources\[0\]: must be in the stack's account 111111111111/);
  });
});
