import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { ServerlessFunction } from "../../modules/aws";
import { parseArgs, plannableStackDir, summary } from "../../scripts/plan";
import { staleReason } from "../../scripts/terraform/stale";
import { findProviderMirror } from "../../scripts/terraform/offline";
import { appOutdir, appStackDir, describeWithTerraform, PLAN_TIMEOUT_MS, plannedStack } from "../terraform/harness";

const ROOT = join(__dirname, "..", "..");

/** `npm run plan -- <args>` as npm runs it (tsx), in a child process. */
function runPlan(args: readonly string[]) {
  return spawnSync(process.execPath, ["--require", require.resolve("tsx/cjs"), join(ROOT, "scripts", "plan.ts"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    timeout: 300_000,
  });
}

describe("npm run plan: arguments and refusals", () => {
  it("takes one stack, --full and --outdir; anything else is a usage error", () => {
    expect(parseArgs(["aws-dev"])).toEqual({ stack: "aws-dev", full: false, outdir: undefined });
    expect(parseArgs(["--full", "aws-dev", "--outdir", "out"])).toEqual({ stack: "aws-dev", full: true, outdir: "out" });
    expect(() => parseArgs([])).toThrow(/^name the stack to plan\nUsage: npm run plan -- <stack>/);
    expect(() => parseArgs(["aws-dev", "aws-stg"])).toThrow("one stack at a time (got aws-dev, aws-stg)");
    expect(() => parseArgs(["aws-dev", "--bogus"])).toThrow("unknown option --bogus");
    expect(() => parseArgs(["aws-dev", "--outdir"])).toThrow("--outdir needs a folder");
  });

  it("refuses a stack the synth output does not have, naming the ones it has", () => {
    expect(() => plannableStackDir(appOutdir(), "aws-nope")).toThrow(/^no stack aws-nope in \S+; the stacks are: .*aws-dev.*state-bootstrap/);
  });

  it("refuses a stack that is not AWS only, saying how to plan it", () => {
    expect(() => plannableStackDir(appOutdir(), "gcp-dev")).toThrow(
      "gcp-dev uses the provider(s) google: npm run plan plans AWS stacks offline (it gives the AWS provider dummy credentials); plan this one with `npx cdktf plan gcp-dev` and the cloud's credentials",
    );
    expect(plannableStackDir(appOutdir(), "aws-dev")).toBe(appStackDir("aws-dev"));
  });

  it("usage errors exit 2 with the usage", () => {
    const run = runPlan([]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("plan: name the stack to plan\nUsage: npm run plan -- <stack> [--full] [--outdir <synth output>]\n");
  });
});

describe("npm run plan: when cdktf.out is stale", () => {
  const project = mkdtempSync(join(tmpdir(), "plan-stale-"));
  afterAll(() => rmSync(project, { recursive: true, force: true }));
  const at = (file: string, seconds: number) => utimesSync(join(project, file), seconds, seconds);

  beforeAll(() => {
    for (const dir of ["modules", "docs", "cdktf.out"]) mkdirSync(join(project, dir));
    writeFileSync(join(project, ".gitignore"), "cdktf.out/\n");
    writeFileSync(join(project, "main.ts"), "");
    writeFileSync(join(project, "modules", "a.ts"), "");
    writeFileSync(join(project, "docs", "guide.md"), "");
    writeFileSync(join(project, "cdktf.out", "manifest.json"), "{}");
    // The list of synths under way, which every synth rewrites as it ends (not ignored here: no rule for it).
    writeFileSync(join(project, ".cdktf-synths"), "");
  });

  it("says so when a source file is newer than the output's manifest, not when only docs or the synths' own list are", () => {
    for (const f of [".gitignore", "main.ts", "modules/a.ts", "docs/guide.md", ".cdktf-synths"]) at(f, 1_000);
    at("cdktf.out/manifest.json", 2_000);
    expect(staleReason(project, join(project, "cdktf.out"))).toBeUndefined();
    at("docs/guide.md", 3_000);
    at(".cdktf-synths", 3_000);
    expect(staleReason(project, join(project, "cdktf.out"))).toBeUndefined();
    at("modules/a.ts", 3_000);
    expect(staleReason(project, join(project, "cdktf.out"))).toBe("modules/a.ts changed after cdktf.out was written");
  });

  it("says so when there is no output", () => {
    expect(staleReason(project, join(project, "elsewhere"))).toBe("elsewhere has no manifest.json (never synthesized, or its last synth failed)");
  });
});

describeWithTerraform()("npm run plan: a real offline plan", () => {
  // The success path end to end (`npm run plan -- <stack>` planning a synthesized stack, exit 0) is
  // __tests__/scripts/new-service-guide.test.ts's `npm run plan -- feedback-dev`, whose plan the guide
  // shows: a second `terraform plan` of its own here would prove the same again. Here: the summary it
  // prints, from Terraform's real plan of state-bootstrap in the run's plan batch.
  it(
    "prints what would be created and Terraform's Plan: line, not the whole plan",
    async () => {
      const run = await plannedStack("state-bootstrap");
      expect(run.ok).toBe(true);
      const printed = summary(run, false);
      expect(printed).toMatch(/^ {2}aws_s3_bucket\.\S+ will be created$/m);
      expect(printed).toMatch(/^Plan: [1-9]\d* to add, 0 to change, 0 to destroy\.$/m);
      expect(printed).not.toContain('resource "aws_s3_bucket"'); // the summary, not the whole plan
      const created = printed.split("\n").filter((l) => / will be created$/.test(l)).length;
      expect(printed).toContain(`Plan: ${created} to add, 0 to change, 0 to destroy.`);
      expect(summary(run, true)).toContain('resource "aws_s3_bucket"'); // --full: the whole plan
    },
    PLAN_TIMEOUT_MS,
  );

  // With a mirror only, init looks for the provider there and nowhere else: no network.
  (findProviderMirror() ? it : it.skip)(
    "fails with Terraform's error and exit 1 when a step fails",
    () => {
      // The stack as synthesized, but pinned to a provider version the mirror does not have.
      const outdir = mkdtempSync(join(tmpdir(), "plan-broken-"));
      try {
        cpSync(appStackDir("state-bootstrap"), join(outdir, "stacks", "state-bootstrap"), { recursive: true });
        const file = join(outdir, "stacks", "state-bootstrap", "cdk.tf.json");
        const config = JSON.parse(readFileSync(file, "utf8"));
        config.terraform.required_providers.aws.version = "0.0.1";
        writeFileSync(file, JSON.stringify(config));
        const run = runPlan(["state-bootstrap", "--outdir", outdir]);
        expect(run.status).toBe(1);
        expect(run.stdout).toMatch(/Error: /);
        expect(run.stdout).toContain("0.0.1");
        expect(run.stderr).toMatch(/plan: terraform init of state-bootstrap failed \(\d+\.\d s\); Terraform's output is above\n$/);
      } finally {
        rmSync(outdir, { recursive: true, force: true });
      }
    },
    PLAN_TIMEOUT_MS,
  );

  it(
    "catches a stack the provider rejects (a runtime aws 5.100.0 does not know): Terraform's error, exit 1, no plan",
    () => {
      // The runtime is set by override, past the construct's own validation.
      const outdir = mkdtempSync(join(tmpdir(), "plan-bad-runtime-"));
      try {
        const app = Testing.app({ outdir });
        const stack = new TerraformStack(app, "bad-runtime");
        new AwsProvider(stack, "aws", { region: "eu-west-1" });
        const fn = new ServerlessFunction(stack, "Fn", { functionName: "bad-runtime", codeDirectory: join(__dirname, "..", "fixtures", "code") });
        fn.function.addOverride("runtime", "nodejs24.x");
        app.synth();
        const run = runPlan(["bad-runtime", "--outdir", outdir]);
        expect(run.status).toBe(1);
        expect(run.stdout).toContain("$ terraform plan");
        expect(run.stdout).toMatch(/Error: expected runtime to be one of/);
        expect(run.stdout).toMatch(/nodejs24\.x/);
        expect(run.stdout).not.toMatch(/Plan: \d+ to add/);
        expect(run.stderr).toMatch(/plan: terraform plan of bad-runtime failed \(\d+\.\d s\); Terraform's output is above\n$/);
      } finally {
        rmSync(outdir, { recursive: true, force: true });
      }
    },
    PLAN_TIMEOUT_MS,
  );
});
