import type { IamStatement } from "../../../modules/core/terraform";
import type { LocalFunction } from "../../../scripts/local/functions";
import { leastPrivilegeReport } from "../../../scripts/local/report";
import { Usage } from "../../../scripts/local/usage";

const TABLE = "arn:aws:dynamodb:eu-west-1:111111111111:table/t";
const LOGS = "arn:aws:logs:eu-west-1:111111111111:log-group:/aws/lambda/fn";
const statement = (actions: string[], resources: string[]): IamStatement => ({
  label: "statement",
  effect: "Allow",
  actions,
  notActions: [],
  resources,
  notResources: [],
  principals: [],
  notPrincipals: [],
  hasNotPrincipals: false,
  conditions: [],
  syntax: "json",
  source: { address: "aws_iam_role_policy.p", attribute: "policy" },
});

function fn(statements: IamStatement[]): LocalFunction {
  return {
    key: "Fn",
    path: "s/Fn",
    functionName: "fn",
    functionArn: "arn:aws:lambda:eu-west-1:111111111111:function:fn",
    handler: "index.handler",
    runtime: "nodejs22.x",
    memorySize: 128,
    timeout: 3,
    architecture: "arm64",
    layers: [],
    environment: {},
    logGroupName: "/aws/lambda/fn",
    role: { roleArn: "arn:aws:iam::111111111111:role/r", roleName: "r", policies: [{ name: "p", statements }], notEvaluated: [] },
    serviceUses: [{ actions: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], resource: `${LOGS}:*`, why: "logs" }],
    problems: [],
    warnings: [],
  };
}

const OBSERVABLE = new Set(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:ListStreams", "sns:Publish"]);

describe("leastPrivilegeReport", () => {
  const f = fn([statement(["logs:CreateLogStream", "logs:PutLogEvents"], [`${LOGS}:*`]), statement(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"], [TABLE])]);

  test("code grants never called are unused; the Lambda service's own grants are not counted", () => {
    const usage = new Usage();
    usage.invocation("fn");
    usage.allowed("fn", "dynamodb:GetItem", TABLE);
    const [report] = leastPrivilegeReport([f], usage, OBSERVABLE);
    expect(report).toMatchObject({ invoked: true, used: { "dynamodb:GetItem": [TABLE] }, unused: ["dynamodb:PutItem", "dynamodb:Query"], serviceGrants: ["logs:CreateLogStream", "logs:PutLogEvents"] });
  });

  test("a refused call is not 'unused' (its grant is wrong, the refusal says so), and is listed once", () => {
    const usage = new Usage();
    usage.invocation("fn");
    for (const action of ["dynamodb:PutItem", "dynamodb:Query"]) usage.allowed("fn", action, TABLE);
    usage.denied("fn", "dynamodb:GetItem", `${TABLE}-other`, "no identity-based policy allows the dynamodb:GetItem action");
    usage.denied("fn", "dynamodb:GetItem", `${TABLE}-other`, "no identity-based policy allows the dynamodb:GetItem action");
    const [report] = leastPrivilegeReport([f], usage, OBSERVABLE);
    expect(report.unused).toEqual([]);
    expect(report.refused).toHaveLength(1);
  });

  test("a grant this run cannot observe (a service or operation not emulated) is 'not emulated', never a candidate to remove", () => {
    const g = fn([statement(["dynamodb:GetItem", "kinesis:PutRecord", "sns:Publish"], [TABLE])]);
    const usage = new Usage();
    usage.invocation("fn");
    usage.allowed("fn", "dynamodb:GetItem", TABLE);
    usage.notEmulated("fn", "ses:SendEmail");
    const [report] = leastPrivilegeReport([g], usage, OBSERVABLE);
    expect(report.unused).toEqual(["sns:Publish"]);
    expect(report.notEmulated).toEqual(["kinesis:PutRecord", "ses:SendEmail"]);
  });

  test("what the Lambda service used with the role (an event source's ListStreams on *) is the service's, not unused", () => {
    const g = fn([statement(["dynamodb:ListStreams"], ["*"]), statement(["dynamodb:GetItem"], [TABLE])]);
    const usage = new Usage();
    usage.invocation("fn");
    usage.allowed("fn", "dynamodb:GetItem", TABLE);
    usage.serviceUsed("fn", "dynamodb:ListStreams", "*");
    const [report] = leastPrivilegeReport([g], usage, OBSERVABLE);
    expect(report).toMatchObject({ unused: [], notEmulated: [], serviceGrants: ["dynamodb:ListStreams"] });
  });
});
