import { Token } from "cdktf";
import { AWS_MAX_TAGS, GCP_MAX_LABELS, validateAwsTags, validateGcpLabels } from "../../../modules/core/tags";
import { Validator, type ValidationProblem } from "../../../modules/core/validation";

function awsProblems(tags: unknown): ValidationProblem[] {
  return problemsOf((v) => validateAwsTags(v, "tags", tags as Record<string, string>));
}

function gcpProblems(labels: unknown): ValidationProblem[] {
  return problemsOf((v) => validateGcpLabels(v, "labels", labels as Record<string, string>));
}

function problemsOf(fill: (v: Validator) => void): ValidationProblem[] {
  const v = new Validator("Thing props", "stack/thing");
  fill(v);
  try {
    v.throwIfInvalid();
    return [];
  } catch (e) {
    return [...(e as { problems: ValidationProblem[] }).problems];
  }
}

function manyTags(count: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`key${i}`, `value${i}`]));
}

describe("validateAwsTags", () => {
  test("accepts unset tags, an empty map and ordinary tags", () => {
    expect(awsProblems(undefined)).toEqual([]);
    expect(awsProblems({})).toEqual([]);
    expect(awsProblems({ Owner: "platform-team", "cost-center": "42", "app:tier": "web/api", Note: "a b=c+d@e.f_g" })).toEqual([]);
  });

  test(`accepts ${AWS_MAX_TAGS} tags`, () => {
    expect(awsProblems(manyTags(AWS_MAX_TAGS))).toEqual([]);
  });

  test(`refuses ${AWS_MAX_TAGS + 1} tags`, () => {
    expect(awsProblems(manyTags(AWS_MAX_TAGS + 1))).toEqual([
      { path: "stack/thing", prop: "tags", rule: "at most 50 tags", received: "51 tags" },
    ]);
  });

  test("refuses a key with the reserved prefix aws:", () => {
    expect(awsProblems({ "aws:x": "v" })).toEqual([
      { path: "stack/thing", prop: "tags key", rule: "a key without the reserved prefix aws:", received: "aws:x" },
    ]);
  });

  test("refuses the reserved prefix whatever its case (AWS:x)", () => {
    expect(awsProblems({ "AWS:x": "v" }).map((p) => p.rule)).toEqual(["a key without the reserved prefix aws:"]);
  });

  test("refuses a value longer than 256 characters", () => {
    const value = "v".repeat(257);
    expect(awsProblems({ Owner: value })).toEqual([
      { path: "stack/thing", prop: "tags.Owner", rule: "a string of up to 256 letters, digits, spaces or _ . : / = + - @", received: value },
    ]);
    expect(awsProblems({ Owner: "v".repeat(256) })).toEqual([]);
  });

  test("refuses an empty key and a key longer than 128 characters", () => {
    expect(awsProblems({ "": "v" }).map((p) => p.received)).toEqual([""]);
    expect(awsProblems({ ["k".repeat(129)]: "v" }).map((p) => p.prop)).toEqual(["tags key"]);
    expect(awsProblems({ ["k".repeat(128)]: "v" })).toEqual([]);
  });

  test("refuses characters AWS does not allow in keys and values", () => {
    expect(awsProblems({ "team!": "v" }).map((p) => p.received)).toEqual(["team!"]);
    expect(awsProblems({ team: "a;b" }).map((p) => p.prop)).toEqual(["tags.team"]);
  });

  test("refuses a value that is not a string", () => {
    expect(awsProblems({ count: 3 }).map((p) => p.received)).toEqual([3]);
  });

  test("refuses tags that are not a map", () => {
    expect(awsProblems(["Owner=me"]).map((p) => p.rule)).toEqual(["a map of tag keys to string values"]);
    expect(awsProblems(null).map((p) => p.prop)).toEqual(["tags"]);
  });

  test("skips values that are tokens (known only to Terraform)", () => {
    expect(awsProblems({ Table: Token.asString({ Ref: "table" }) })).toEqual([]);
  });

  test("reports every bad tag together", () => {
    expect(awsProblems({ "aws:a": "v", b: "x".repeat(300), "c!": "v" })).toHaveLength(3);
  });
});

describe("validateGcpLabels", () => {
  test("accepts unset labels and ordinary labels", () => {
    expect(gcpProblems(undefined)).toEqual([]);
    expect(gcpProblems({ team: "platform", env: "prod", "cost-center": "4_2", empty: "" })).toEqual([]);
  });

  test(`refuses ${GCP_MAX_LABELS + 1} labels`, () => {
    expect(gcpProblems(manyTags(GCP_MAX_LABELS + 1)).map((p) => p.received)).toEqual(["65 labels"]);
    expect(gcpProblems(manyTags(GCP_MAX_LABELS))).toEqual([]);
  });

  test("refuses an uppercase key, a key starting with a digit and a key over 63 characters", () => {
    expect(gcpProblems({ Team: "x" }).map((p) => p.received)).toEqual(["Team"]);
    expect(gcpProblems({ "1team": "x" }).map((p) => p.received)).toEqual(["1team"]);
    expect(gcpProblems({ ["k".repeat(64)]: "x" })).toHaveLength(1);
    expect(gcpProblems({ ["k".repeat(63)]: "x" })).toEqual([]);
  });

  test("refuses the reserved prefix goog", () => {
    expect(gcpProblems({ googler: "x" }).map((p) => p.rule)).toEqual(["a key without the reserved prefix goog"]);
  });

  test("refuses an uppercase value and a value over 63 characters", () => {
    expect(gcpProblems({ team: "Platform" }).map((p) => p.prop)).toEqual(["labels.team"]);
    expect(gcpProblems({ team: "v".repeat(64) })).toHaveLength(1);
  });

  test("skips values that are tokens", () => {
    expect(gcpProblems({ team: Token.asString({ Ref: "team" }) })).toEqual([]);
  });
});
