import { Testing } from "cdktf";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OrderPipelineStack } from "../../examples/order-pipeline/stack";
import { OrdersApiStack } from "../../examples/orders-api/stack";
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
    const dirs = [...appStacks, synthesized(publicApiExample()), synthesized(eventDrivenExample()), synthesized(aliasTriggersStack()), synthesized(badRuntimeStack())].map((d) => prepareOfflineCopy(d, workRoot));
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
    const planned = ["aws-dev", "aws-stg", "aws-prod", "state-bootstrap", "example-orders-api", "example-order-pipeline", "alias-triggers"];
    expect([...runs.keys()]).toEqual(expect.arrayContaining(planned));
    for (const name of [...runs.keys()].filter((n) => n !== "bad-runtime")) {
      const r = runs.get(name)!;
      process.stdout.write(`terraform plan ${name}: ${r.planLine ?? `FAILED at ${r.failedStep}`}\n`);
      if (!r.ok) process.stdout.write(r.output);
      expect({ stack: name, failedStep: r.failedStep }).toEqual({ stack: name, failedStep: undefined });
      expect(r.planLine).toMatch(/^Plan: [1-9]\d* to add, 0 to change, 0 to destroy\.$/);
    }
  });

  it("catches a stack the provider rejects (a runtime aws 5.100.0 does not know)", () => {
    const r = runs.get("bad-runtime")!;
    expect(r.ok).toBe(false);
    expect(r.failedStep).toBe("validate");
    expect(r.output).toMatch(/nodejs24\.x/);
  });
});
