import { Testing } from "cdktf";
import { Secret, type SecretProps } from "../../../modules/aws";
import { only, resources, validationError, type Json } from "./support";
import { envStack, EVERY_ENVIRONMENT, grantedStatements, grantee, KEY_ARN, packReport } from "./data-support";

const STRIPE: SecretProps = { secretName: "orders/stripe-api-key" };
const synth = (stack: ReturnType<typeof envStack>): Json => JSON.parse(Testing.synth(stack));

describe("Secret", () => {
  test("no value in Terraform; restorable 30 days after deletion where the environment is protected (the address a raw secret of that id has)", () => {
    const stack = envStack();
    new Secret(stack, "Stripe", { ...STRIPE, description: "Stripe API key, rotated by the payments team" });
    const json = synth(stack);
    expect(resources(json, "aws_secretsmanager_secret")).toEqual({
      Stripe: { name: "orders/stripe-api-key", description: "Stripe API key, rotated by the payments team", recovery_window_in_days: 30 },
    });
    expect(resources(json, "aws_secretsmanager_secret_version")).toEqual({});
  });

  test.each([
    ["dev", 7],
    ["stg", 7],
    ["prod", 30],
    ["undeclared-live", 30],
  ])("in %s, a deleted secret is restorable for %p days", (environment, days) => {
    const stack = envStack(environment);
    new Secret(stack, "Stripe", { ...STRIPE, kmsKeyArn: KEY_ARN, tags: { Team: "payments" } });
    expect(only(synth(stack), "aws_secretsmanager_secret")).toEqual({ name: "orders/stripe-api-key", kms_key_id: KEY_ARN, recovery_window_in_days: days, tags: { Team: "payments" } });
  });

  test.each<[string, Partial<SecretProps> & Record<string, unknown>, string, RegExp, Partial<SecretProps>]>([
    ["a name with a space", { secretName: "stripe key" }, "secretName", /1 to 512 letters, digits or \/_\+=\.@-/, { secretName: "stripe-key" }],
    ["a name ending like an ARN's random suffix", { secretName: "stripe-AbC123" }, "secretName", /not ending in a hyphen and six characters/, { secretName: "stripe-AbC12" }],
    ["a description past 2048 characters", { description: "x".repeat(2049) }, "description", /0 to 2048/, { description: "x".repeat(2048) }],
    ["a key of another account's region", { kmsKeyArn: KEY_ARN.replace("eu-west-1", "ap-south-1") }, "kmsKeyArn", /region/, { kmsKeyArn: KEY_ARN }],
    ["a value given in Terraform", { secretString: "hunter2" }, "secretString", /one of the known props \(secretName, description, kmsKeyArn, tags\)/, {}],
  ])("Noncompliance: %s is refused; its safe twin is accepted", (_what, bad, prop, rule, twin) => {
    const error = validationError(() => new Secret(envStack(), "Stripe", { ...STRIPE, ...bad } as SecretProps));
    expect(error.problems.map((p) => [p.path, p.prop])).toEqual([["stack/Stripe", prop]]);
    expect(error.problems[0].rule).toMatch(rule);
    expect(() => new Secret(envStack(), "Stripe", { ...STRIPE, ...twin })).not.toThrow();
  });

  test("grantRead: GetSecretValue on this secret only; with a customer key, kms:Decrypt through Secrets Manager", () => {
    const stack = envStack();
    new Secret(stack, "Stripe", STRIPE).grantRead(grantee(stack, "Plain"));
    new Secret(stack, "Db", { secretName: "orders/db", kmsKeyArn: KEY_ARN }).grantRead(grantee(stack, "Keyed"));
    expect(grantedStatements(stack, "Plain")).toEqual([
      { sid: "SecretStripeRead", effect: "Allow", actions: ["secretsmanager:GetSecretValue"], resources: ["${aws_secretsmanager_secret.Stripe.arn}"] },
    ]);
    expect(grantedStatements(stack, "Keyed")).toEqual([
      { sid: "SecretDbRead", effect: "Allow", actions: ["secretsmanager:GetSecretValue"], resources: ["${aws_secretsmanager_secret.Db.arn}"] },
      {
        sid: "SecretDbKey",
        effect: "Allow",
        actions: ["kms:Decrypt"],
        resources: [KEY_ARN],
        condition: [{ test: "StringEquals", variable: "kms:ViaService", values: ["secretsmanager.eu-west-1.amazonaws.com"] }],
      },
    ]);
  });

  test.each(EVERY_ENVIRONMENT)("passes the rule pack in %s with no suppression, read by a function", (environment) => {
    const stack = envStack(environment);
    new Secret(stack, "Stripe", { ...STRIPE, kmsKeyArn: KEY_ARN }).grantRead(grantee(stack));
    const report = packReport(stack);
    expect(report.findings.filter((f) => f.path.startsWith("stack/Stripe") || /secret|iam|kms/.test(f.ruleId))).toEqual([]);
    expect(report.suppressed).toEqual([]);
  });
});
