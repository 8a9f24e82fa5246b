import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { Testing } from "cdktf";
import { Secret, ServerlessFunction, type ServerlessFunctionProps } from "../../../modules/aws";
import { CODE_DIR, only, validationError, type Json } from "./support";
import { envAccount, envStack, EVERY_ENVIRONMENT, grantedStatements, KEY_ARN, packReport } from "./data-support";

const DB_ARN = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:orders/db-AbCdEf";
const fn = (stack: ReturnType<typeof envStack>, props: Partial<ServerlessFunctionProps>) =>
  new ServerlessFunction(stack, "Fn", { functionName: "orders", codeDirectory: CODE_DIR, ...props });

describe("ServerlessFunction secrets", () => {
  test("each variable holds its secret's ARN, beside environment; the function may read those secrets only", () => {
    const stack = envStack();
    const stripe = new Secret(stack, "Stripe", { secretName: "orders/stripe", kmsKeyArn: KEY_ARN });
    const raw = new SecretsmanagerSecret(stack, "Raw", { name: "orders/raw" });
    fn(stack, { environment: { LOG_SAMPLE: "0.1" }, secrets: { STRIPE_KEY: stripe, DB_PASSWORD: DB_ARN, RAW_TOKEN: raw.arn } });
    const json: Json = JSON.parse(Testing.synth(stack));
    expect(only(json, "aws_lambda_function").environment).toEqual({
      variables: { LOG_SAMPLE: "0.1", STRIPE_KEY: "${aws_secretsmanager_secret.Stripe.arn}", DB_PASSWORD: DB_ARN, RAW_TOKEN: "${aws_secretsmanager_secret.Raw.arn}" },
    });
    expect(grantedStatements(stack)).toEqual([
      { sid: "SecretStripeRead", effect: "Allow", actions: ["secretsmanager:GetSecretValue"], resources: ["${aws_secretsmanager_secret.Stripe.arn}"] },
      {
        sid: "SecretStripeKey",
        effect: "Allow",
        actions: ["kms:Decrypt"],
        resources: [KEY_ARN],
        condition: [{ test: "StringEquals", variable: "kms:ViaService", values: ["secretsmanager.eu-west-1.amazonaws.com"] }],
      },
      { sid: "SecretDbPasswordRead", effect: "Allow", actions: ["secretsmanager:GetSecretValue"], resources: [DB_ARN] },
      { sid: "SecretRawTokenRead", effect: "Allow", actions: ["secretsmanager:GetSecretValue"], resources: ["${aws_secretsmanager_secret.Raw.arn}"] },
    ]);
  });

  test.each<[string, (stack: ReturnType<typeof envStack>) => Partial<ServerlessFunctionProps>, string, RegExp, unknown]>([
    ["another service's ARN", () => ({ secrets: { DB: "arn:aws:ssm:eu-west-1:111111111111:parameter/db" } }), "secrets.DB", /a Secrets Manager secret ARN/, "arn:aws:ssm:eu-west-1:111111111111:parameter/db"],
    ["a reference to a topic", (s) => ({ secrets: { DB: new SnsTopic(s, "T", { name: "t" }).arn } }), "secrets.DB", /; aws_sns_topic\.arn is not one$/, expect.stringMatching(/TOKEN/)],
    ["a value instead of a secret", () => ({ secrets: { DB: "hunter2" } }), "secrets.DB", /a Secrets Manager secret ARN/, "hunter2"],
    ["a number", () => ({ secrets: { DB: 3 as unknown as string } }), "secrets.DB", /^a Secret, or a Secrets Manager secret ARN/, 3],
    ["a name environment also sets", () => ({ environment: { DB: "x" }, secrets: { DB: DB_ARN } }), "secrets.DB", /a variable name environment does not also set/, "DB"],
    ["a key Lambda reserves", () => ({ secrets: { AWS_REGION: DB_ARN } }), "secrets.AWS_REGION", /a key Lambda does not reserve for itself/, "AWS_REGION"],
    ["a key Lambda's pattern refuses", () => ({ secrets: { "db-password": DB_ARN } }), "secrets key", /a letter followed by at least one letter, digit or _/, "db-password"],
    ["a secret of another account", () => ({ secrets: { DB: DB_ARN.replace("111111111111", "999999999999") } }), "secrets.DB[0].resources[0]", /in the stack's account 111111111111/, undefined],
  ])("Noncompliance: %s is refused", (_what, props, prop, rule, received) => {
    const stack = envStack();
    const error = validationError(() => fn(stack, props(stack)));
    expect(error.problems.map((p) => p.prop)).toEqual([prop]);
    expect(error.problems[0].rule).toMatch(rule);
    if (received !== undefined) expect(error.problems[0].received).toEqual(received);
  });

  test("environment and secrets stay within Lambda's 4 KB together", () => {
    const environment = { BIG: "x".repeat(4040) };
    expect(() => fn(envStack(), { environment })).not.toThrow();
    const error = validationError(() => fn(envStack(), { environment, secrets: { DB: DB_ARN } }));
    expect(error.problems.map((p) => [p.prop, p.rule])).toEqual([["secrets", "at most 4096 bytes of keys and values with environment's"]]);
  });

  test.each(EVERY_ENVIRONMENT)("a function reading a secret passes the secret rules in %s with no suppression", (environment) => {
    const stack = envStack(environment);
    // A secret of the stack's own account (its provider's, as config makes it).
    const dbArn = DB_ARN.replace("111111111111", envAccount(environment));
    fn(stack, { secrets: { STRIPE_API_KEY: new Secret(stack, "Stripe", { secretName: "orders/stripe" }), DB_PASSWORD: dbArn } });
    const report = packReport(stack);
    expect(report.findings.filter((f) => /secret|iam/.test(f.ruleId))).toEqual([]);
    expect(report.suppressed).toEqual([]);
  });
});
