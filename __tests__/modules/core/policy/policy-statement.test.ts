import { Token } from "cdktf";
import { toDocumentStatement, validatePolicyStatements, type PolicyStatement } from "../../../../modules/core/policy/policy-statement";
import { Validator, type ValidationProblem } from "../../../../modules/core/validation";

const TABLE = "arn:aws:dynamodb:eu-west-1:111111111111:table/users";
const BUCKET_OBJECTS = "arn:aws:s3:::reports/*";
/** What every iam:PassRole statement says: the one service the role is passed to. */
const PASSED_TO_LAMBDA = { StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } };

/** The problems validatePolicyStatements finds, without the path (always `stack/fn`). */
function problems(statements: unknown): Omit<ValidationProblem, "path">[] {
  const v = new Validator("ServerlessFunction props", "stack/fn");
  validatePolicyStatements(v, "policyStatements", statements as PolicyStatement[]);
  try {
    v.throwIfInvalid();
    return [];
  } catch (e) {
    return (e as { problems: ValidationProblem[] }).problems.map(({ path, ...rest }) => {
      expect(path).toBe("stack/fn");
      return rest;
    });
  }
}

function props(statements: unknown): string[] {
  return problems(statements).map((p) => p.prop);
}

describe("validatePolicyStatements: what passes", () => {
  test("unset statements and an empty list", () => {
    expect(problems(undefined)).toEqual([]);
    expect(problems([])).toEqual([]);
  });

  test("known actions on ARNs, Allow or Deny", () => {
    expect(
      problems([
        { actions: ["dynamodb:GetItem", "dynamodb:Query"], resources: [TABLE, `${TABLE}/index/*`] },
        { actions: ["s3:GetObject"], resources: [BUCKET_OBJECTS], effect: "Deny" },
      ]),
    ).toEqual([]);
  });

  test("any casing of a known action (IAM names are case-insensitive)", () => {
    expect(problems([{ actions: ["dynamodb:getitem", "DynamoDB:Query", "SQS:SENDMESSAGE"], resources: [TABLE] }])).toEqual([]);
  });

  test('"*" for actions AWS cannot scope (xray:PutTraceSegments)', () => {
    expect(problems([{ actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resources: ["*"] }])).toEqual([]);
  });

  test('"*" for cloudwatch:PutMetricData with a condition on cloudwatch:namespace (AWS\'s documented pattern)', () => {
    expect(
      problems([
        { actions: ["cloudwatch:PutMetricData"], resources: ["*"], conditions: { StringEquals: { "cloudwatch:namespace": "orders" } } },
        {
          actions: ["cloudwatch:PutMetricData", "xray:PutTraceSegments"],
          resources: ["*"],
          conditions: [{ test: "StringLike", variable: "cloudwatch:namespace", values: ["orders/*"] }],
        },
      ]),
    ).toEqual([]);
  });

  test('"*" in a Deny statement (a deny only narrows access)', () => {
    expect(problems([{ actions: ["s3:DeleteObject"], resources: ["*"], effect: "Deny" }])).toEqual([]);
  });

  test("resources that are tokens (references to other resources) are skipped", () => {
    const arn = Token.asString({ Ref: "table.arn" });
    expect(problems([{ actions: ["dynamodb:GetItem"], resources: [arn, `${arn}/index/*`] }])).toEqual([]);
    expect(problems([{ actions: ["dynamodb:GetItem"], resources: Token.asList({ Ref: "arns" }) }])).toEqual([]);
  });

  test("actions that are tokens are skipped", () => {
    expect(problems([{ actions: [Token.asString({ Ref: "action" })], resources: [TABLE] }])).toEqual([]);
  });

  test("conditions as Terraform blocks and as an IAM JSON map", () => {
    expect(
      problems([
        {
          actions: ["s3:GetObject"],
          resources: [BUCKET_OBJECTS],
          conditions: [{ test: "StringEquals", variable: "aws:SourceAccount", values: ["111111111111"] }],
        },
        {
          actions: ["s3:GetObject"],
          resources: [BUCKET_OBJECTS],
          conditions: {
            StringLike: { "s3:prefix": ["reports/*", "exports/*"] },
            "ForAnyValue:StringEqualsIfExists": { "aws:PrincipalTag/team": "platform" },
            Bool: { "aws:SecureTransport": "true" },
            IpAddress: { "aws:SourceIp": Token.asString({ Ref: "cidr" }) },
          },
        },
      ]),
    ).toEqual([]);
  });
});

describe("validatePolicyStatements: refusals, one rule each", () => {
  test("wildcard action s3:*", () => {
    expect(problems([{ actions: ["s3:*"], resources: [BUCKET_OBJECTS] }])).toEqual([
      { prop: "policyStatements[0].actions[0]", rule: "an action without wildcards (list each action)", received: "s3:*" },
    ]);
  });

  test("wildcard action s3:Get*", () => {
    expect(problems([{ actions: ["s3:GetObject", "s3:Get*"], resources: [BUCKET_OBJECTS] }])).toEqual([
      { prop: "policyStatements[0].actions[1]", rule: "an action without wildcards (list each action)", received: "s3:Get*" },
    ]);
  });

  test('wildcard action "*"', () => {
    expect(props([{ actions: ["*"], resources: [BUCKET_OBJECTS] }])).toEqual(["policyStatements[0].actions[0]"]);
  });

  test("wildcard action with ? (s3:GetObjec?)", () => {
    expect(problems([{ actions: ["s3:GetObjec?"], resources: [BUCKET_OBJECTS] }])[0].rule).toBe(
      "an action without wildcards (list each action)",
    );
  });

  test("unknown action s3:GetObjekt", () => {
    expect(problems([{ actions: ["s3:GetObjekt"], resources: [BUCKET_OBJECTS] }])).toEqual([
      { prop: "policyStatements[0].actions[0]", rule: "an action listed in the AWS Service Authorization Reference", received: "s3:GetObjekt" },
    ]);
  });

  test("unknown service", () => {
    expect(problems([{ actions: ["dynamo:GetItem"], resources: [TABLE] }])[0].received).toBe("dynamo:GetItem");
  });

  test("unknown action named like an Object member (s3:constructor) is refused, not a crash", () => {
    expect(problems([{ actions: ["s3:constructor"], resources: ["*"] }])).toEqual([
      { prop: "policyStatements[0].actions[0]", rule: "an action listed in the AWS Service Authorization Reference", received: "s3:constructor" },
    ]);
  });

  test.each(["GetObject", "s3 GetObject", "s3:Get-Object", "s3:GetObject:x", "arn:aws:s3:::bucket"])("malformed action %p", (action) => {
    expect(problems([{ actions: [action], resources: [BUCKET_OBJECTS] }])).toEqual([
      { prop: "policyStatements[0].actions[0]", rule: "in service:Action format, e.g. dynamodb:GetItem", received: action },
    ]);
  });

  test("action that is not a string", () => {
    expect(problems([{ actions: [42], resources: [TABLE] }])[0]).toEqual({
      prop: "policyStatements[0].actions[0]",
      rule: "a service:Action name",
      received: 42,
    });
  });

  test("no actions", () => {
    expect(problems([{ actions: [], resources: [TABLE] }])).toEqual([
      { prop: "policyStatements[0].actions", rule: "a non-empty list of service:Action names", received: [] },
    ]);
    expect(props([{ resources: [TABLE] }])).toEqual(["policyStatements[0].actions"]);
  });

  test('"*" resource for a scopable action (s3:GetObject)', () => {
    expect(problems([{ actions: ["s3:GetObject"], resources: ["*"] }])).toEqual([
      {
        prop: "policyStatements[0].resources",
        rule: 'specific ARNs: s3:GetObject can be scoped to a resource, so "*" is refused',
        received: ["*"],
      },
    ]);
  });

  test('"*" resource names only the scopable actions of a mixed statement', () => {
    const [problem] = problems([{ actions: ["xray:PutTraceSegments", "dynamodb:getitem"], resources: [TABLE, "*"] }]);
    expect(problem.rule).toBe('specific ARNs: dynamodb:getitem can be scoped to a resource, so "*" is refused');
  });

  describe("wildcard resource ARNs count as \"*\"", () => {
    test.each([
      ["arn:*", "partition"],
      ["arn:aws:iam::*:role/*", "account"],
      ["arn:aws:dynamodb:*:111111111111:table/users", "region"],
      ["arn:aws:*:eu-west-1:111111111111:table/users", "service"],
      ["arn:aws:dynamodb:eu-west-1:111111111111:*", "resource part only *"],
      ["arn:aws:s3:::*", "every bucket"],
    ])("%p (wildcard %s) is refused for scopable actions", (arn) => {
      expect(problems([{ actions: ["s3:GetObject", "iam:PassRole"], resources: [arn], conditions: PASSED_TO_LAMBDA }])).toEqual([
        {
          prop: "policyStatements[0].resources",
          rule: `specific ARNs: s3:GetObject, iam:PassRole can be scoped to a resource, so ${JSON.stringify(arn)} is refused`,
          received: [arn],
        },
      ]);
    });

    test("each wildcard resource of a statement is named", () => {
      const [problem] = problems([{ actions: ["dynamodb:GetItem"], resources: [TABLE, "arn:*", "*"] }]);
      expect(problem.rule).toBe('specific ARNs: dynamodb:GetItem can be scoped to a resource, so "arn:*", "*" are refused');
    });

    test("a wildcard account before a reference is still refused", () => {
      const arn = `arn:aws:iam::*:role/${Token.asString({ Ref: "role.name" })}`;
      expect(props([{ actions: ["iam:PassRole"], resources: [arn], conditions: PASSED_TO_LAMBDA }])).toEqual(["policyStatements[0].resources"]);
    });

    test("wildcards below a named resource pass", () => {
      expect(
        problems([
          { actions: ["s3:GetObject"], resources: ["arn:aws:s3:::reports/*"] },
          { actions: ["dynamodb:Query"], resources: [`${TABLE}/index/*`, "arn:aws:dynamodb:eu-west-1:111111111111:table/orders/index/*"] },
          { actions: ["logs:PutLogEvents"], resources: ["arn:aws:logs:eu-west-1:111111111111:log-group:/aws/lambda/users:*"] },
        ]),
      ).toEqual([]);
    });

    test("a wildcard ARN passes for actions that may use \"*\" and in a Deny", () => {
      expect(problems([{ actions: ["xray:PutTraceSegments"], resources: ["arn:aws:xray:*:*:*"] }])).toEqual([]);
      expect(problems([{ actions: ["s3:DeleteObject"], resources: ["arn:aws:s3:::*"], effect: "Deny" }])).toEqual([]);
    });
  });

  test.each(["arn:aws:s3", "arn:aws:s3:::", "arn:aws:dynamodb:eu-west-1:111111111111"])("an ARN without its six parts (%p)", (arn) => {
    expect(problems([{ actions: ["dynamodb:GetItem"], resources: [arn] }])).toEqual([
      { prop: "policyStatements[0].resources[0]", rule: "an ARN with all six parts, arn:partition:service:region:account:resource", received: arn },
    ]);
  });

  describe("cloudwatch:PutMetricData on \"*\" without a condition on cloudwatch:namespace", () => {
    const rule = 'a condition restricting cloudwatch:namespace to named values (StringEquals, StringEqualsIgnoreCase or StringLike) when cloudwatch:PutMetricData is allowed on "*"';

    test("no condition at all", () => {
      expect(problems([{ actions: ["cloudwatch:PutMetricData"], resources: ["*"] }])).toEqual([
        { prop: "policyStatements[0].conditions", rule, received: undefined },
      ]);
    });

    test("a condition on another key, or one that does not narrow", () => {
      for (const conditions of [
        { StringEquals: { "aws:SourceAccount": "111111111111" } },
        { StringNotEquals: { "cloudwatch:namespace": "AWS/Lambda" } },
        { StringLike: { "cloudwatch:namespace": "*" } },
      ]) {
        expect(problems([{ actions: ["cloudwatch:PutMetricData"], resources: ["*"], conditions }])).toEqual([
          { prop: "policyStatements[0].conditions", rule, received: conditions },
        ]);
      }
    });

    test("the condition does not make other actions of the statement wildcard-safe", () => {
      const conditions = { StringEquals: { "cloudwatch:namespace": "orders" } };
      expect(problems([{ actions: ["cloudwatch:PutMetricData", "cloudwatch:PutMetricAlarm"], resources: ["*"], conditions }])).toEqual([
        {
          prop: "policyStatements[0].resources",
          rule: 'specific ARNs: cloudwatch:PutMetricAlarm can be scoped to a resource, so "*" is refused',
          received: ["*"],
        },
      ]);
    });
  });

  test("no resources", () => {
    expect(problems([{ actions: ["dynamodb:GetItem"], resources: [] }])).toEqual([
      { prop: "policyStatements[0].resources", rule: "a non-empty list of ARNs", received: [] },
    ]);
  });

  test("a resource that is neither an ARN nor *", () => {
    expect(problems([{ actions: ["dynamodb:GetItem"], resources: ["users"] }])).toEqual([
      { prop: "policyStatements[0].resources[0]", rule: 'an ARN (arn:...) or "*"', received: "users" },
    ]);
  });

  test("an effect other than Allow or Deny", () => {
    expect(problems([{ actions: ["dynamodb:GetItem"], resources: [TABLE], effect: "allow" }])).toEqual([
      { prop: "policyStatements[0].effect", rule: 'one of "Allow", "Deny"', received: "allow" },
    ]);
  });

  test("a statement that is not an object", () => {
    expect(props([null, "dynamodb:GetItem"])).toEqual(["policyStatements[0]", "policyStatements[1]"]);
  });

  test("statements that are not a list", () => {
    expect(props({ actions: ["dynamodb:GetItem"], resources: [TABLE] })).toEqual(["policyStatements"]);
  });

  describe("bad conditions", () => {
    const statement = (conditions: unknown) => [{ actions: ["s3:GetObject"], resources: [BUCKET_OBJECTS], conditions }];

    test("a block without values", () => {
      expect(problems(statement([{ test: "StringEquals", variable: "aws:SourceAccount", values: [] }]))).toEqual([
        {
          prop: "policyStatements[0].conditions[0]",
          rule: "a condition { test, variable, values: [at least one] }",
          received: { test: "StringEquals", variable: "aws:SourceAccount", values: [] },
        },
      ]);
    });

    test("a block without a variable", () => {
      expect(props(statement([{ test: "StringEquals", values: ["x"] }]))).toEqual(["policyStatements[0].conditions[0]"]);
    });

    test("a null block is reported, not a crash", () => {
      expect(props(statement([null]))).toEqual(["policyStatements[0].conditions[0]"]);
    });

    test("an unknown operator in a block (StringEqualz)", () => {
      const [problem] = problems(statement([{ test: "StringEqualz", variable: "aws:SourceAccount", values: ["1"] }]));
      expect(problem.prop).toBe("policyStatements[0].conditions[0].test");
      expect(problem.received).toBe("StringEqualz");
      expect(problem.rule).toMatch(/IAM condition operator/);
    });

    test("an unknown operator in a map (ArnLikes)", () => {
      const [problem] = problems(statement({ ArnLikes: { "aws:SourceArn": "arn:aws:sns:eu-west-1:111111111111:t" } }));
      expect(problem.prop).toBe("policyStatements[0].conditions.ArnLikes");
      expect(problem.received).toBe("ArnLikes");
    });

    test("a condition key without its service prefix (SourceAccount)", () => {
      const [problem] = problems(statement([{ test: "StringEquals", variable: "SourceAccount", values: ["1"] }]));
      expect(problem.prop).toBe("policyStatements[0].conditions[0].variable");
      expect(problem.received).toBe("SourceAccount");
    });

    test("a map entry without values", () => {
      expect(props(statement({ StringEquals: { "aws:SourceAccount": [] } }))).toEqual([
        "policyStatements[0].conditions.StringEquals.aws:SourceAccount",
      ]);
    });

    test("a map whose operator does not map keys to values", () => {
      expect(props(statement({ StringEquals: "aws:SourceAccount" }))).toEqual(["policyStatements[0].conditions.StringEquals"]);
      expect(props(statement({ StringEquals: ["aws:SourceAccount"] }))).toEqual(["policyStatements[0].conditions.StringEquals"]);
    });

    test("conditions that are neither blocks nor a map", () => {
      expect(props(statement("aws:SecureTransport"))).toEqual(["policyStatements[0].conditions"]);
    });
  });

  test("an unknown statement prop (action, condition) is refused, not ignored", () => {
    expect(problems([{ actions: ["s3:GetObject"], resources: [BUCKET_OBJECTS], condition: { Bool: { "aws:SecureTransport": "true" } } }])).toEqual([
      { prop: "policyStatements[0].condition", rule: "one of the known props (actions, resources, effect, conditions, reason)", received: "an unknown prop" },
    ]);
    expect(props([{ action: ["s3:GetObject"], resources: [BUCKET_OBJECTS] }])).toEqual(["policyStatements[0].action", "policyStatements[0].actions"]);
  });

  test("an unknown condition block prop (value) is refused", () => {
    const conditions = [{ test: "StringEquals", variable: "aws:SourceAccount", values: ["111111111111"], value: "1" }];
    expect(problems([{ actions: ["s3:GetObject"], resources: [BUCKET_OBJECTS], conditions }])).toEqual([
      { prop: "policyStatements[0].conditions[0].value", rule: "one of the known props (test, variable, values)", received: "an unknown prop" },
    ]);
  });

  test("reports the problems of every statement together", () => {
    expect(
      props([
        { actions: ["s3:*"], resources: [BUCKET_OBJECTS] },
        { actions: ["s3:GetObject"], resources: ["*"] },
        { actions: ["s3:GetObjekt"], resources: ["bucket"] },
      ]),
    ).toEqual([
      "policyStatements[0].actions[0]",
      "policyStatements[1].resources",
      "policyStatements[2].actions[0]",
      "policyStatements[2].resources[0]",
    ]);
  });
});

describe("toDocumentStatement", () => {
  test("defaults the effect to Allow, adds the sid and uses the catalogue's action casing", () => {
    expect(toDocumentStatement({ actions: ["dynamodb:getitem", "DYNAMODB:QUERY"], resources: [TABLE] }, "Code1")).toEqual({
      sid: "Code1",
      effect: "Allow",
      actions: ["dynamodb:GetItem", "dynamodb:Query"],
      resources: [TABLE],
    });
  });

  test("keeps Deny and leaves out the sid when none is given", () => {
    expect(toDocumentStatement({ actions: ["s3:DeleteObject"], resources: [BUCKET_OBJECTS], effect: "Deny" })).toEqual({
      effect: "Deny",
      actions: ["s3:DeleteObject"],
      resources: [BUCKET_OBJECTS],
    });
  });

  test("keeps condition blocks as Terraform blocks", () => {
    const doc = toDocumentStatement({
      actions: ["s3:GetObject"],
      resources: [BUCKET_OBJECTS],
      conditions: [{ test: "StringEquals", variable: "aws:SourceAccount", values: ["111111111111"] }],
    });
    expect(doc.condition).toEqual([{ test: "StringEquals", variable: "aws:SourceAccount", values: ["111111111111"] }]);
  });

  test("turns an IAM JSON condition map into one block per operator and key, single values into lists", () => {
    const doc = toDocumentStatement({
      actions: ["s3:GetObject"],
      resources: [BUCKET_OBJECTS],
      conditions: {
        StringEquals: { "aws:SourceAccount": "111111111111", "aws:PrincipalTag/team": ["a", "b"] },
        Bool: { "aws:SecureTransport": "true" },
      },
    });
    expect(doc.condition).toEqual([
      { test: "StringEquals", variable: "aws:SourceAccount", values: ["111111111111"] },
      { test: "StringEquals", variable: "aws:PrincipalTag/team", values: ["a", "b"] },
      { test: "Bool", variable: "aws:SecureTransport", values: ["true"] },
    ]);
  });

  test("leaves out condition when there is none", () => {
    expect(toDocumentStatement({ actions: ["s3:GetObject"], resources: [BUCKET_OBJECTS], conditions: {} })).not.toHaveProperty("condition");
    expect(toDocumentStatement({ actions: ["s3:GetObject"], resources: [BUCKET_OBJECTS], conditions: [] })).not.toHaveProperty("condition");
  });

  test("copies lists, so later changes to the props do not leak into the policy", () => {
    const resources = [TABLE];
    const doc = toDocumentStatement({ actions: ["dynamodb:GetItem"], resources });
    resources.push("arn:aws:dynamodb:eu-west-1:111111111111:table/other");
    expect(doc.resources).toEqual([TABLE]);
  });
});
