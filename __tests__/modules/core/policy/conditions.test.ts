import { conditionsCover, exactValuesOf, judgeConditions, pinsCaller, type Condition } from "../../../../modules/core/policy/conditions";
import { openCidrs } from "../../../../modules/core/rule-pack/rules/cidrs";

const c = (test: string, variable: string, ...values: string[]): Condition => ({ test, variable, values });
const reading = { openCidrs, opaque: (v: string) => v.includes("${var.") };

describe("judgeConditions: a condition that only looks restrictive is judged as no condition", () => {
  test.each([
    [c("StringEqualsIfExists", "aws:SourceAccount", "111111111111"), /holds when aws:SourceAccount is absent/],
    [c("ForAnyValue:StringEqualsIfExists", "aws:PrincipalTag/team", "a"), /holds when aws:PrincipalTag\/team is absent/],
    [c("ForAllValues:StringEquals", "aws:PrincipalOrgID", "o-1"), /holds when aws:PrincipalOrgID is absent from the request \(add Null/],
    [c("StringNotEquals", "aws:SourceAccount", "111111111111"), /names no value the key must have/],
    [c("Null", "aws:SourceAccount", "false"), /names no value/],
    [c("StringLike", "aws:SourceAccount", "*"), /"\*" matches every value/],
    [c("StringEquals", "aws:SourceAccount", "${var.account}"), /\$\{var.account\} is only known when Terraform runs/],
    [c("StringEquals", "aws:SourceAccount"), /lists no value/],
  ])("Noncompliance: %j", (condition, why) => {
    const { restricting, ignored } = judgeConditions([condition], reading);
    expect(restricting).toEqual([]);
    expect(ignored[0].why).toMatch(why);
  });

  test("Compliance: naming operators, ForAnyValue:, and ForAllValues: with Null false for the same key", () => {
    const guarded = [c("ForAllValues:StringEquals", "aws:TagKeys", "team"), c("Null", "aws:TagKeys", "false")];
    expect(judgeConditions(guarded, reading).restricting).toEqual([guarded[0]]);
    for (const condition of [c("StringEquals", "k:k", "v"), c("ArnLike", "aws:SourceArn", "arn:aws:sns:eu-west-1:1:t"), c("ForAnyValue:StringLike", "k:k", "v*"), c("IpAddress", "aws:SourceIp", "10.0.0.0/8")]) {
      expect(judgeConditions([condition], reading).restricting).toEqual([condition]);
    }
  });
});

describe("pinsCaller: a statement granted to everyone is pinned to one account, organization, principal, resource or network", () => {
  test.each([
    ["an ARN pattern of every ARN", c("ArnLike", "aws:SourceArn", "arn:aws:*")],
    ["an ARN pattern with a wildcard account", c("ArnLike", "aws:SourceArn", "arn:aws:sns:eu-west-1:*:topic")],
    ["every bucket", c("ArnLike", "aws:SourceArn", "arn:aws:s3:::*")],
    ["an account id with a wildcard", c("StringLike", "aws:SourceAccount", "1111*")],
    ["an organization id with a wildcard", c("StringLike", "aws:PrincipalOrgID", "o-*")],
    ["an organization path with a wildcard organization", c("StringLike", "aws:PrincipalOrgPaths", "*/r-1/*")],
    ["the caller's account compared with itself", c("StringEquals", "aws:PrincipalAccount", "$${aws:PrincipalAccount}")],
    ["every address", c("IpAddress", "aws:SourceIp", "0.0.0.0/0")],
    ["a key that says how, not who", c("Bool", "aws:SecureTransport", "true")],
  ])("Noncompliance: %s", (_name, condition) => {
    expect(pinsCaller([condition], reading).pins).toBe(false);
  });

  test.each([
    ["a rule of one account", c("ArnLike", "aws:SourceArn", "arn:aws:events:eu-west-1:111111111111:rule/*")],
    ["one bucket (S3 ARNs hold no account)", c("ArnEquals", "aws:SourceArn", "arn:aws:s3:::uploads")],
    ["a reference to a resource of the stack", c("ArnEquals", "aws:SourceArn", "${aws_sns_topic.t.arn}")],
    ["one account", c("StringEquals", "aws:SourceAccount", "111111111111")],
    ["the organization, below one root", c("ForAnyValue:StringLike", "aws:PrincipalOrgPaths", "o-abc123/r-ab12/*")],
    ["the resource owner's account (a resource-side variable)", c("StringEquals", "aws:PrincipalAccount", "&{aws:ResourceAccount}")],
    ["one office network", c("IpAddress", "aws:SourceIp", "203.0.113.0/24")],
  ])("Compliance: %s", (_name, condition) => {
    expect(pinsCaller([condition], reading).pins).toBe(true);
  });
});

describe("exactValuesOf: the named values of a key", () => {
  test("named services pass; wildcards, variables and other operators do not", () => {
    expect(exactValuesOf([c("StringEquals", "iam:PassedToService", "lambda.amazonaws.com")], "iam:PassedToService").values).toEqual(["lambda.amazonaws.com"]);
    expect(exactValuesOf([c("StringLike", "iam:PassedToService", "*.amazonaws.com")], "iam:PassedToService").values).toBeUndefined();
    expect(exactValuesOf([c("StringEquals", "iam:PassedToService", "&{aws:PrincipalTag/service}")], "iam:PassedToService").values).toBeUndefined();
    expect(exactValuesOf([c("ArnEquals", "iam:PassedToService", "lambda.amazonaws.com")], "iam:PassedToService").ignored[0].why).toMatch(/does not compare/);
  });
});

describe("conditionsCover: a condition set of head that accepts no more than base's (conditions as AWS evaluates them)", () => {

  it("holds when the head condition accepts no more than the base one", () => {
    const base = [c("StringEquals", "aws:SourceAccount", "1", "2")];
    expect(conditionsCover(base, [c("StringEquals", "aws:SourceAccount", "1")])).toBe(true);
    expect(conditionsCover(base, [c("StringEquals", "aws:SourceAccount", "1", "3")])).toBe(false);
    expect(conditionsCover(base, [])).toBe(false);
    // Negated operators: values are NORed, so excluding more is narrower.
    expect(conditionsCover([c("StringNotEquals", "aws:PrincipalAccount", "1")], [c("StringNotEquals", "aws:PrincipalAccount", "1", "2")])).toBe(true);
    expect(conditionsCover([c("StringNotEquals", "aws:PrincipalAccount", "1", "2")], [c("StringNotEquals", "aws:PrincipalAccount", "1")])).toBe(false);
    expect(conditionsCover([c("ArnLike", "aws:SourceArn", "arn:aws:sns:*:1:orders-*")], [c("ArnLike", "aws:SourceArn", "arn:aws:sns:eu-west-1:1:orders-eu")])).toBe(true);
    expect(conditionsCover([c("IpAddress", "aws:SourceIp", "10.0.0.0/8")], [c("IpAddress", "aws:SourceIp", "10.2.0.0/16")])).toBe(true);
    expect(conditionsCover([c("StringEqualsIfExists", "aws:SourceAccount", "1")], [c("StringEquals", "aws:SourceAccount", "1")])).toBe(true);
    expect(conditionsCover([c("StringEquals", "aws:SourceAccount", "1")], [c("StringEqualsIfExists", "aws:SourceAccount", "1")])).toBe(false);
    expect(conditionsCover([c("NumericLessThan", "s3:max-keys", "10")], [c("NumericLessThan", "s3:max-keys", "5")])).toBe(false);
  });

  it("is not judgeConditions: an IfExists condition that restricts nothing still has to be met", () => {
    const ifExists = [c("StringEqualsIfExists", "aws:SourceAccount", "1")];
    expect(judgeConditions(ifExists).restricting).toEqual([]);
    expect(conditionsCover(ifExists, [c("StringEqualsIfExists", "aws:SourceAccount", "2")])).toBe(false);
    // ForAllValues with another value set, a wildcard that matches more: wider.
    expect(conditionsCover([c("ForAllValues:StringEquals", "aws:TagKeys", "a")], [c("ForAllValues:StringEquals", "aws:TagKeys", "a", "b")])).toBe(false);
    expect(conditionsCover([c("StringLike", "aws:SourceArn", "arn:aws:s3:::b")], [c("StringLike", "aws:SourceArn", "arn:aws:*")])).toBe(false);
  });
});
