import { Token } from "cdktf";
import { coversEveryResource, hasWildcard, isIncompleteArn, isResourceIdWildcard, isWildcardResource } from "../../../../modules/core/policy/resource-arn";

describe("isWildcardResource", () => {
  test.each([
    ["*", '"*" itself'],
    ["arn:*", "a wildcard partition (and nothing else)"],
    ["arn:*:s3:::bucket/*", "a wildcard partition"],
    ["arn:aws:*:eu-west-1:111111111111:table/x", "a wildcard service"],
    ["arn:aws:dynamodb:*:111111111111:table/orders", "a wildcard region"],
    ["arn:aws:dynamodb:eu-west-?:111111111111:table/orders", "a ? in the region"],
    ["arn:aws:iam::*:role/*", "a wildcard account"],
    ["arn:aws:iam::1111111111*:role/deployer", "a partial wildcard account"],
    ["arn:aws:dynamodb:eu-west-1:111111111111:*", "a resource part that is only *"],
    ["arn:aws:s3:::*", "every bucket"],
    ["arn:aws:s3:::*/*", "every object of every bucket"],
    ["arn:aws:logs:eu-west-1:111111111111:*:*", "a resource part of wildcards and separators"],
  ])("%p is a wildcard resource (%s)", (resource) => {
    expect(isWildcardResource(resource)).toBe(true);
  });

  test.each([
    ["arn:aws:s3:::reports/*", "objects of one bucket (S3 ARNs have empty region and account)"],
    ["arn:aws:s3:::reports", "one bucket"],
    ["arn:aws:dynamodb:eu-west-1:111111111111:table/orders/index/*", "the indexes of one table"],
    ["arn:aws:logs:eu-west-1:111111111111:log-group:/aws/lambda/users:*", "the streams of one log group"],
    ["arn:aws-cn:sqs:cn-north-1:111111111111:jobs", "a queue in another partition"],
    ["arn:aws:execute-api:eu-west-1:111111111111:abc123/*/GET/users", "every stage of one API route"],
  ])("%p is not (%s)", (resource) => {
    expect(isWildcardResource(resource)).toBe(false);
  });

  test("only the literal text before a reference is judged", () => {
    expect(isWildcardResource("${aws_s3_bucket.b.arn}/*")).toBe(false);
    expect(isWildcardResource("${aws_cloudwatch_log_group.g.arn}:*")).toBe(false);
    expect(isWildcardResource("arn:aws:dynamodb:${var.region}:111111111111:*")).toBe(false);
    expect(isWildcardResource("arn:aws:iam::*:role/${var.role}")).toBe(true);
    expect(isWildcardResource("arn:*:${var.rest}")).toBe(true);
    expect(isWildcardResource(`arn:aws:iam::*:role/${Token.asString({ Ref: "name" })}`)).toBe(true);
    expect(isWildcardResource(`${Token.asString({ Ref: "table.arn" })}/index/*`)).toBe(false);
  });
});

describe("isIncompleteArn", () => {
  test.each(["arn:aws:s3", "arn:aws:s3:::", "arn:aws:dynamodb:eu-west-1:111111111111"])("%p lacks a part", (arn) => {
    expect(isIncompleteArn(arn)).toBe(true);
  });

  test.each(["arn:aws:s3:::b", "arn:aws:logs:eu-west-1:111111111111:log-group:x:*", "*", "arn:aws:s3:${var.rest}"])("%p does not", (arn) => {
    expect(isIncompleteArn(arn)).toBe(false);
  });
});

describe("isResourceIdWildcard", () => {
  test.each([
    "arn:aws:iam::111111111111:role/*",
    "arn:aws:iam::111111111111:role/app-*",
    "arn:aws:iam::111111111111:role/service-role/*",
    "arn:aws:iam::*:role/*",
    "arn:aws:lambda:eu-west-1:111111111111:function:*",
    "arn:aws:dynamodb:eu-west-1:111111111111:table/*",
    "arn:aws:dynamodb:eu-west-1:111111111111:table/*/index/*",
    "arn:aws:secretsmanager:eu-west-1:111111111111:secret:*",
    "arn:aws:s3:::logs-*",
    "arn:aws:s3:::*/reports/*",
    "arn:aws:sqs:eu-west-1:111111111111:orders-*",
    "arn:aws:execute-api:eu-west-1:111111111111:*/prod/GET/orders",
    "arn:aws:kms:eu-west-1:111111111111:key/*",
    "arn:aws:iam::${data.aws_caller_identity.me.account_id}:role/*",
  ])("%s covers every resource of its type", (arn) => expect(isResourceIdWildcard(arn)).toBe(true));

  test.each([
    "*",
    "arn:aws:s3:::reports/*",
    "arn:aws:dynamodb:eu-west-1:111111111111:table/orders/index/*",
    "arn:aws:lambda:eu-west-1:111111111111:function:orders:*",
    "arn:aws:logs:eu-west-1:111111111111:log-group:/aws/lambda/x:*",
    "arn:aws:iam::111111111111:role/${aws_iam_role.r.name}",
    "${aws_dynamodb_table.t.arn}/index/*",
    "arn:aws:sqs:eu-west-1:111111111111:orders",
    "arn:aws:execute-api:eu-west-1:111111111111:a1b2c3d4e5/*/GET/orders",
    "arn:aws:ssm:eu-west-1:111111111111:parameter/orders/*",
  ])("%s names its resource", (arn) => expect(isResourceIdWildcard(arn)).toBe(false));
});

describe("isResourceIdWildcard, by the reference's resource types", () => {
  test.each([
    "arn:aws:dynamodb:eu-west-1:111111111111:table/?rders",
    "arn:aws:dynamodb:eu-west-1:111111111111:table/orders-*",
    "arn:aws:s3:::*-logs/*",
    "arn:aws:logs:eu-west-1:111111111111:log-group:*",
    "arn:aws:secretsmanager:eu-west-1:111111111111:secret:db-*",
    // A wildcard glued to a reference extends the name it resolves to.
    "${aws_dynamodb_table.t.arn}*",
    "${aws_iam_role.r.arn}*",
    "arn:aws:s3:::${aws_s3_bucket.b.bucket}-*",
    "${TfToken[TOKEN.12]}?",
  ])("Noncompliance: %s covers resources it does not name", (arn) => expect(isResourceIdWildcard(arn)).toBe(true));

  test.each(["${aws_iam_role.r.arn}*", "arn:aws:iam::111111111111:role/${aws_iam_role.r.name}*", "${TfToken[TOKEN.3]}-*"])(
    "hasWildcard: %s holds a wildcard (escalation actions may not be granted on it)",
    (arn) => expect(hasWildcard(arn)).toBe(true),
  );
  test.each(["${aws_lambda_function.f.arn}", "${aws_dynamodb_table.t.arn}/index/*", "${aws_cloudwatch_log_group.g.arn}:*"])(
    "wildcards below a referenced resource stay below it: %s",
    (arn) => expect(isResourceIdWildcard(arn)).toBe(false),
  );

  test.each([
    "arn:aws:s3:::bucket/*",
    "arn:aws:dynamodb:eu-west-1:111111111111:table/orders",
    "arn:aws:secretsmanager:eu-west-1:111111111111:secret:db-password-??????",
    "arn:aws:dynamodb:eu-west-1:111111111111:table/${aws_dynamodb_table.t.name}",
    "${aws_dynamodb_table.t.arn}",
  ])("Compliance: %s names its resource", (arn) => expect(isResourceIdWildcard(arn)).toBe(false));
});

describe("hasWildcard", () => {
  test("any wildcard in the literal text counts; references do not", () => {
    expect(hasWildcard("arn:aws:iam::111111111111:role/app-*")).toBe(true);
    expect(hasWildcard("arn:aws:iam::111111111111:role/app")).toBe(false);
    expect(hasWildcard("${aws_iam_role.r.arn}")).toBe(false);
  });
});

describe("coversEveryResource: admin spelled differently", () => {
  test.each(["*", "**", "arn:*", "arn:*:*", "arn:aws:*", "arn:aws:*:*:*:*", "arn:aws-cn:*:*:*:*", "arn:${data.aws_partition.p.partition}:*:*:*:*", "arn:*:*:*:*:*"])("Noncompliance: %s covers every resource", (resource) => {
    expect(coversEveryResource(resource)).toBe(true);
  });
  test.each(["arn:aws:s3:::*", "arn:aws:iam::*:role/*", "arn:aws:*::*:*", "arn:aws:dynamodb:*:*:*", "arn:aws:*:eu-west-1:111111111111:*", "${aws_s3_bucket.b.arn}", "?"])(
    "Compliance: %s does not",
    (resource) => expect(coversEveryResource(resource)).toBe(false),
  );
});
