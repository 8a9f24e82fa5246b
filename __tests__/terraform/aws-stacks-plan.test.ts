import { Testing } from "cdktf";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OrdersApiStack } from "../../examples/orders-api/stack";
import { ServerlessFunction } from "../../modules/aws";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack } from "cdktf";
import {
  appOutdir,
  findProviderMirror,
  findTerraform,
  initValidatePlan,
  initValidatePlanAll,
  prepareOfflineCopy,
  stackNames,
  writeCliConfig,
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
  let workRoot: string;
  let cliConfig: string;

  beforeAll(() => {
    workRoot = mkdtempSync(join(tmpdir(), "cdktf-serverless-tf-"));
    cliConfig = writeCliConfig(workRoot, mirror);
    process.stderr.write(`Terraform harness: providers from ${mirror ? `the local mirror ${mirror}` : "the registry (no local mirror found)"}\n`);
  });

  const afterAllCleanup: string[] = [];
  afterAll(() => {
    for (const dir of [workRoot, ...afterAllCleanup]) rmSync(dir, { recursive: true, force: true });
  });

  it("plans every AWS stack the app synthesizes, and the public-API example", async () => {
    const outdir = appOutdir(PROJECT_ROOT);
    const stacks = stackNames(outdir).filter((s) => s.startsWith("aws-") || s === "state-bootstrap");
    expect(stacks).toEqual(expect.arrayContaining(["aws-dev", "aws-stg", "aws-prod", "state-bootstrap"]));
    // The example written only from the public API is planned in the same batch.
    const example = Testing.fullSynth(new OrdersApiStack(Testing.app(), "example-orders-api"));
    afterAllCleanup.push(example);
    const dirs = [...stacks.map((s) => join(outdir, "stacks", s)), join(example, "stacks", "example-orders-api")].map((d) =>
      prepareOfflineCopy(d, workRoot),
    );
    const runs = await initValidatePlanAll(terraform!, dirs, cliConfig);
    for (const r of runs) {
      process.stdout.write(`terraform plan ${r.stack}: ${r.planLine ?? `FAILED at ${r.failedStep}`}\n`);
      if (!r.ok) process.stdout.write(r.output);
    }
    expect(runs.filter((r) => !r.ok).map((r) => `${r.stack} failed at ${r.failedStep}`)).toEqual([]);
    for (const r of runs) expect(r.planLine).toMatch(/^Plan: [1-9]\d* to add, 0 to change, 0 to destroy\.$/);
  });

  it("catches a stack the provider rejects (a runtime aws 5.100.0 does not know)", async () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "bad-runtime");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    const fn = new ServerlessFunction(stack, "Fn", {
      functionName: "bad-runtime",
      codeDirectory: join(__dirname, "..", "fixtures", "code"),
    });
    // Bypasses the construct's own validation, which would refuse it at synth.
    fn.function.addOverride("runtime", "nodejs24.x");
    const stackDir = Testing.fullSynth(stack);
    afterAllCleanup.push(stackDir);
    const dir = prepareOfflineCopy(join(stackDir, "stacks", "bad-runtime"), workRoot);
    const r = await initValidatePlan(terraform!, dir, cliConfig);
    expect(r.ok).toBe(false);
    expect(r.failedStep).toBe("validate");
    expect(r.output).toMatch(/nodejs24\.x/);
  });
});
