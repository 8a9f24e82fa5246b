import { Testing } from "cdktf";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OrderPipelineStack } from "../../examples/order-pipeline/stack";
import { ENVIRONMENTS, loadConfig } from "../../config/load";
import { OrdersApiStack } from "../../examples/orders-api/stack";
import { WebAppStack } from "../../examples/web-app/stack";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { TerraformOutput } from "cdktf";
import { toDocumentStatement, validatePolicyStatements, type PolicyStatement } from "../../modules/core/policy/policy-statement";
import { Validator } from "../../modules/core/validation";
import { awsRegionalStacks } from "../../stacks/regions";
import { ServerlessFunction } from "../../modules/aws";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack } from "cdktf";
import {
  appOutdir,
  findProviderMirror,
  findTerraform,
  initValidatePlanAll,
  prepareOfflineCopy,
  stackNames,
  writeCliConfig,
  type TerraformRun,
} from "./harness";

const PROJECT_ROOT = join(__dirname, "..", "..");
const terraform = findTerraform();
const mirror = findProviderMirror();

if (!terraform) {
  const banner = "\n" + "!".repeat(78) + "\n!!! SKIPPED: Terraform validate/plan tests: no `terraform` on PATH.\n!!! Install Terraform >= 1.10 to run them; CI fails instead of skipping.\n" + "!".repeat(78) + "\n";
  process.stderr.write(banner);
  if (process.env.CI) throw new Error("terraform is required in CI for the validate/plan tests");
}

const describeWithTerraform = terraform ? describe : describe.skip;

describeWithTerraform("Terraform init, validate and plan (offline, aws 5.100.0)", () => {
  const cleanup: string[] = [];
  const runs = new Map<string, TerraformRun>();

  // Every stack runs in one batch (inits first, then validate and plan side by side), so the
  // Terraform processes of all of them share the machine's cores.
  beforeAll(async () => {
    const workRoot = mkdtempSync(join(tmpdir(), "cdktf-serverless-tf-"));
    cleanup.push(workRoot);
    const cliConfig = writeCliConfig(workRoot, mirror);
    process.stderr.write(`Terraform harness: providers from ${mirror ? `the local mirror ${mirror}` : "the registry (no local mirror found)"}\n`);

    const outdir = appOutdir(PROJECT_ROOT);
    const appStacks = stackNames(outdir)
      .filter((s) => s.startsWith("aws-") || s === "state-bootstrap")
      .map((s) => join(outdir, "stacks", s));
    const dirs = [...appStacks, synthesized(publicApiExample()), synthesized(eventDrivenExample()), synthesized(aliasTriggersStack()), synthesized(webAppExample()), synthesized(policyVariablesStack()), synthesized(badRuntimeStack())].map((d) => prepareOfflineCopy(d, workRoot));
    for (const r of await initValidatePlanAll(terraform!, dirs, cliConfig)) runs.set(r.stack, r);
    // Eight stacks of init, validate and plan take over two minutes on two busy cores.
  }, 600_000);
  afterAll(() => cleanup.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  /** The example written only from the public API. */
  const publicApiExample = () => new OrdersApiStack(Testing.app(), "example-orders-api");

  /** The event-driven example: every event source, async destinations and a function URL. */
  const eventDrivenExample = () => new OrderPipelineStack(Testing.app(), "example-order-pipeline");

  /** Every trigger aimed at a `live` alias (provisioned concurrency), and a public (NONE) function URL. */
  const aliasTriggersStack = () => {
    const stack = new TerraformStack(Testing.app(), "alias-triggers");
    new AwsProvider(stack, "aws", { region: "eu-west-1", allowedAccountIds: ["111111111111"] });
    const arn = (service: string, resource: string) => `arn:aws:${service}:eu-west-1:111111111111:${resource}`;
    new ServerlessFunction(stack, "Fn", {
      functionName: "alias-triggers",
      codeDirectory: join(__dirname, "..", "fixtures", "code"),
      provisionedConcurrency: 1,
      events: [
        { type: "sqs", queueArn: arn("sqs", "jobs") },
        { type: "kinesis", streamArn: arn("kinesis", "stream/clicks"), onFailureDestinationArn: arn("sns", "failures") },
        { type: "dynamodb-stream", streamArn: arn("dynamodb", "table/orders/stream/2026-01-01T00:00:00.000") },
        { type: "s3", bucketName: "alias-triggers-uploads" },
        { type: "sns", topicArn: arn("sns", "orders") },
        { type: "schedule", expression: "cron(0 6 ? * MON-FRI *)", timezone: "Europe/Paris", input: { job: "sweep" } },
        { type: "eventbridge", eventPattern: { source: ["orders"] } },
      ],
      asyncInvoke: { maxRetryAttempts: 0, onFailureDestinationArn: arn("sqs", "failures") },
      url: { authorization: "NONE", invokeMode: "RESPONSE_STREAM" },
    });
    return stack;
  };

  /** The HttpApi's $default route and Lambda REQUEST authorizer, in a stack written from the public API. */
  const webAppExample = () => new WebAppStack(Testing.app(), "example-web-app");

  /**
   * IAM policy variables are written `&{aws:username}` (Terraform would evaluate `${aws:username}`):
   * real Terraform renders the statements this project writes into `${aws:username}` in the policy.
   */
  const POLICY_VARIABLES: PolicyStatement = {
    actions: ["s3:GetObject"],
    resources: ["arn:aws:s3:::home/&{aws:username}/*"],
    conditions: { StringEquals: { "aws:PrincipalTag/team": "&{aws:PrincipalTag/team}" } },
  };
  const policyVariablesStack = () => {
    const stack = new TerraformStack(Testing.app(), "policy-variables");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    const document = new DataAwsIamPolicyDocument(stack, "Doc", { statement: [toDocumentStatement(POLICY_VARIABLES, "Code1")] });
    new TerraformOutput(stack, "policy", { value: document.json });
    return stack;
  };

  /** A stack with a runtime aws 5.100.0 rejects, set by override past the construct's own validation. */
  const badRuntimeStack = () => {
    const stack = new TerraformStack(Testing.app(), "bad-runtime");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    const fn = new ServerlessFunction(stack, "Fn", { functionName: "bad-runtime", codeDirectory: join(__dirname, "..", "fixtures", "code") });
    fn.function.addOverride("runtime", "nodejs24.x");
    return stack;
  };

  const synthesized = (stack: TerraformStack): string => {
    const outdir = Testing.fullSynth(stack);
    cleanup.push(outdir);
    return join(outdir, "stacks", stack.node.id);
  };

  it("plans every AWS stack the app synthesizes, and the public-API examples", () => {
    const awsStacks = ENVIRONMENTS.flatMap((e) => awsRegionalStacks(loadConfig(e)).map((r) => r.stackId));
    const planned = [...awsStacks, "state-bootstrap", "example-orders-api", "example-order-pipeline", "alias-triggers", "example-web-app"];
    expect([...runs.keys()]).toEqual(expect.arrayContaining(planned));
    for (const name of [...runs.keys()].filter((n) => n !== "bad-runtime" && n !== "policy-variables")) {
      const r = runs.get(name)!;
      process.stdout.write(`terraform plan ${name}: ${r.planLine ?? `FAILED at ${r.failedStep}`}\n`);
      if (!r.ok) process.stdout.write(r.output);
      expect({ stack: name, failedStep: r.failedStep }).toEqual({ stack: name, failedStep: undefined });
      expect(r.planLine).toMatch(/^Plan: [1-9]\d* to add, 0 to change, 0 to destroy\.$/);
    }
  });

  it("HttpApi with $default and a Lambda authorizer: the authorizer, both routes and the three invoke permissions are created", () => {
    const run = runs.get("example-web-app")!;
    if (!run.ok) process.stdout.write(run.output);
    expect({ failedStep: run.failedStep }).toEqual({ failedStep: undefined });
    expect(run.planLine).toMatch(/^Plan: [1-9]\d* to add, 0 to change, 0 to destroy\.$/);
    for (const address of [
      "aws_apigatewayv2_authorizer.Api_LambdaAuthorizer_",
      "aws_apigatewayv2_route.Api_Route-default-",
      "aws_apigatewayv2_route.Api_Route-ANY_api_proxy-",
      "aws_lambda_permission.Api_AuthorizerInvokePermission_",
    ]) {
      expect(run.output).toContain(`# ${address}`);
    }
    expect(run.output).toMatch(/route_key\s+= "\$default"/);
    expect(run.output).toMatch(/authorizer_type\s+= "REQUEST"/);
    expect(run.output).toMatch(/authorizer_payload_format_version\s+= "2\.0"/);
    expect((run.output.match(/# aws_lambda_permission\.\S+ will be created/g) ?? []).length).toBe(3);
  });

  it("IAM policy variables: &{aws:username} passes validation and is written as ${aws:username} in the policy JSON", () => {
    const v = new Validator("test", "policy-variables");
    validatePolicyStatements(v, "policyStatements", [POLICY_VARIABLES]);
    expect(v.ok).toBe(true);
    const run = runs.get("policy-variables")!;
    expect(run.failedStep).toBeUndefined();
    expect(run.output).toContain("Changes to Outputs:");
    expect(run.output).toMatch(/Resource += "arn:aws:s3:::home\/\$\{aws:username\}\/\*"/);
    expect(run.output).toContain('"aws:PrincipalTag/team" = "${aws:PrincipalTag/team}"');
  });

  it("catches a stack the provider rejects (a runtime aws 5.100.0 does not know)", () => {
    const r = runs.get("bad-runtime")!;
    expect(r.ok).toBe(false);
    expect(r.failedStep).toBe("plan");
    expect(r.output).toMatch(/Error: expected runtime to be one of/);
    expect(r.output).toMatch(/nodejs24\.x/);
    expect(r.planLine).toBeUndefined();
  });
});
