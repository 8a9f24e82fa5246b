import { Token } from "cdktf";
import { validatePolicyStatements, type PolicyStatement } from "../../../../modules/core/policy/policy-statement";
import { countWords, realWords } from "../../../../modules/core/rules";
import { Validator, type ValidationProblem } from "../../../../modules/core/validation";

const ACCOUNT = "111111111111";
const ROLES = `arn:aws:iam::${ACCOUNT}:role/*`;
const APP_ROLES = `arn:aws:iam::${ACCOUNT}:role/app-*`;
const ONE_ROLE = `arn:aws:iam::${ACCOUNT}:role/app-worker`;
const FUNCTIONS = `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:*`;
const TABLES = `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/*`;
const SECRETS = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:*`;
const REASON = "The reporting job reads every table of the account";
/** What every iam:PassRole statement says: the one service the role is passed to. */
const PASSED_TO_LAMBDA = { StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } };
const withPassedToService = (action: string) => (action === "iam:PassRole" ? { conditions: PASSED_TO_LAMBDA } : {});

function problems(statements: unknown): ValidationProblem[] {
  const v = new Validator("ServerlessFunction props", "stack/fn");
  validatePolicyStatements(v, "policyStatements", statements as PolicyStatement[]);
  try {
    v.throwIfInvalid();
    return [];
  } catch (e) {
    return [...(e as { problems: ValidationProblem[] }).problems];
  }
}

describe("escalation actions must name exact resources", () => {
  test.each([
    ["iam:PassRole", ROLES],
    ["iam:PassRole", APP_ROLES],
    ["iam:AttachRolePolicy", ROLES],
    ["iam:PutRolePolicy", APP_ROLES],
    ["iam:UpdateAssumeRolePolicy", ROLES],
    ["lambda:CreateFunction", FUNCTIONS],
    ["lambda:UpdateFunctionCode", `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:app-*`],
    ["sts:AssumeRole", ROLES],
  ])("Noncompliance: %s on %s is refused, even with a reason", (action, resource) => {
    for (const reason of [undefined, REASON]) {
      const found = problems([{ actions: [action], resources: [resource], ...withPassedToService(action), ...(reason ? { reason } : {}) }]);
      expect(found).toEqual([
        {
          path: "stack/fn",
          prop: "policyStatements[0].resources[0]",
          rule: `an exact resource without wildcards: ${action} can grant more privilege than the function has (privilege escalation), so no wildcard is allowed, with or without a reason`,
          received: resource,
        },
      ]);
    }
  });

  test('Noncompliance: iam:PassRole on "*" is refused once, by the "*" rule', () => {
    const found = problems([{ actions: ["iam:PassRole"], resources: ["*"], conditions: PASSED_TO_LAMBDA }]);
    expect(found.map((p) => p.prop)).toEqual(["policyStatements[0].resources"]);
    expect(found[0].rule).toMatch(/^specific ARNs: iam:PassRole can be scoped/);
  });

  test("Compliance: an exact role or function", () => {
    expect(problems([{ actions: ["iam:PassRole"], resources: [ONE_ROLE], conditions: { StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } } }])).toEqual([]);
    expect(problems([{ actions: ["lambda:UpdateFunctionCode"], resources: [`arn:aws:lambda:eu-west-1:${ACCOUNT}:function:app-worker`] }])).toEqual([]);
  });

  test('Noncompliance: an escalation action AWS cannot scope (lambda:CreateEventSourceMapping) is not granted, even on "*"', () => {
    expect(problems([{ actions: ["lambda:CreateEventSourceMapping"], resources: ["*"] }])).toEqual([
      {
        path: "stack/fn",
        prop: "policyStatements[0].resources[0]",
        rule: "not a wildcard: lambda:CreateEventSourceMapping can grant more privilege than the function has (privilege escalation) and AWS cannot scope it to a resource, so it is not granted here (grant it outside the function's role, reviewed on its own)",
        received: "*",
      },
    ]);
  });

  test("Compliance: a Deny on every role is not a grant", () => {
    expect(problems([{ actions: ["iam:PassRole"], resources: [ROLES], effect: "Deny" }])).toEqual([]);
  });
});

describe("resource-id wildcards need a written reason", () => {
  test.each([
    ["dynamodb:GetItem", TABLES],
    ["secretsmanager:GetSecretValue", SECRETS],
    ["lambda:InvokeFunction", FUNCTIONS],
  ])("Noncompliance: %s on %s without a reason", (action, resource) => {
    expect(problems([{ actions: [action], resources: [resource] }])).toEqual([
      {
        path: "stack/fn",
        prop: "policyStatements[0].resources[0]",
        rule: expect.stringMatching(new RegExp(`^a named resource: ${action} can be scoped to one, and this wildcard covers every resource of its type`)),
        received: resource,
      },
    ]);
  });

  test("Compliance: the same statement with a reason in words", () => {
    expect(problems([{ actions: ["dynamodb:GetItem"], resources: [TABLES], reason: REASON }])).toEqual([]);
  });

  test.each([["..."], ["n/a"], ["1 2 3"], ["\u200b".repeat(10)], ["ok"], ["w\u200bo\u200br\u200bd x"], ["aa aa aa"], ["ab cd ef gh"]])("Noncompliance: a reason that is not words (%p)", (reason) => {
    expect(problems([{ actions: ["dynamodb:GetItem"], resources: [TABLES], reason }])).toEqual([
      { path: "stack/fn", prop: "policyStatements[0].reason", rule: "a reason in at least 3 words (of two or more letters each) and 12 letters", received: reason },
    ]);
  });

  test("Noncompliance: a name prefix (table/orders-*) covers tables it does not name, so it needs a reason too", () => {
    expect(problems([{ actions: ["dynamodb:GetItem"], resources: [`arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders-*`] }])).toHaveLength(1);
    expect(
      problems([{ actions: ["dynamodb:GetItem"], resources: [`arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders-*`], reason: "reads every monthly orders table" }]),
    ).toEqual([]);
  });

  test("Compliance: wildcards below a named resource need no reason", () => {
    expect(problems([{ actions: ["dynamodb:GetItem"], resources: [`arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/users/index/*`] }])).toEqual([]);
    expect(problems([{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::reports/*"] }])).toEqual([]);
  });
});

describe("realWords (shared with suppression reasons)", () => {
  test("counts words of two or more letters, in any script", () => {
    expect(countWords("reads every table")).toBe(3);
    expect(countWords("liest jede Tabelle, déjà")).toBe(4);
    expect(countWords("表を 読む ため")).toBe(3);
    expect(countWords("a b c d")).toBe(0);
    expect(countWords("\u200b\u200b\u200b \u200b\u200b \u200b")).toBe(0);
  });

  test("the rule names what it wants", () => {
    const rule = realWords(3, "a suppression reason");
    expect(rule.description).toBe("a suppression reason in at least 3 words (of two or more letters each) and 12 letters");
    expect(rule.test("needed for the legacy importer")).toBe(true);
    expect(rule.test("!!! ??? ...")).toBe(false);
    expect(rule.test(42 as never)).toBe(false);
  });
});

describe("a wildcard glued to a reference (token) is judged like a literal one", () => {
  const role = Token.asString({ Ref: "role.arn" });
  const table = Token.asString({ Ref: "table.arn" });

  test("Noncompliance: iam:PassRole on `${role.arn}*` (every role whose name starts the same way)", () => {
    const found = problems([{ actions: ["iam:PassRole"], resources: [`${role}*`], conditions: PASSED_TO_LAMBDA }]);
    expect(found.map((p) => [p.prop, p.received])).toEqual([["policyStatements[0].resources[0]", `${role}*`]]);
    expect(found[0].rule).toMatch(/exact resource without wildcards: iam:PassRole/);
  });

  test("Noncompliance: a data action on `${table.arn}*` without a reason; with one it passes", () => {
    const found = problems([{ actions: ["dynamodb:GetItem"], resources: [`${table}*`] }]);
    expect(found.map((p) => p.prop)).toEqual(["policyStatements[0].resources[0]"]);
    expect(found[0].rule).toMatch(/a named resource: dynamodb:GetItem/);
    expect(problems([{ actions: ["dynamodb:GetItem"], resources: [`${table}*`], reason: REASON }])).toEqual([]);
  });

  test("Noncompliance: every table through references to region and account (`arn:aws:dynamodb:${region}:${account}:table/*`)", () => {
    const region = Token.asString({ Ref: "region.name" });
    const account = Token.asString({ Ref: "account.id" });
    const found = problems([{ actions: ["dynamodb:GetItem"], resources: [`arn:aws:dynamodb:${region}:${account}:table/*`] }]);
    expect(found.map((p) => p.prop)).toEqual(["policyStatements[0].resources[0]"]);
  });

  test("Compliance: the reference itself, and wildcards below it", () => {
    expect(problems([{ actions: ["iam:PassRole"], resources: [role], conditions: PASSED_TO_LAMBDA }])).toEqual([]);
    expect(problems([{ actions: ["dynamodb:Query"], resources: [table, `${table}/index/*`] }])).toEqual([]);
  });
});
