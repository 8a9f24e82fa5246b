import { CodeDeployClient } from "@aws-sdk/client-codedeploy";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SafeDeliveryStack } from "../../../examples/safe-delivery/stack";
import { CloudRunService } from "../../../modules/gcp";
import { cloudRunApi } from "../../../scripts/rollout/cloud-run-api";
import { parseArgs, rollout, RolloutUsageError, type RolloutServices } from "../../../scripts/rollout/cli";
import { exitCode } from "../../../scripts/rollout/outcome";
import { recordingReporter } from "../../../scripts/rollout/report";
import { RolloutInputError, type StackOutputs } from "../../../scripts/rollout/targets";
import { FakeAws } from "./fake-aws";
import { FakeCloudRun } from "./fake-cloud-run";

// The SDK warns once per process on Node.js 20; the deploy workflow runs Node.js 22.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const ROOT = join(__dirname, "..", "..", "..");
type Json = Record<string, any>;

/** The app's synth output with the safe-delivery example (canary, linear, all at once) and a Cloud Run stack with two rollouts. */
let outdir: string;
beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), "rollout-cli-"));
  const app = Testing.app({ outdir });
  new SafeDeliveryStack(app, "aws-delivery");
  const gcp = new TerraformStack(app, "gcp-delivery");
  new GoogleProvider(gcp, "google", { project: "acme-svc-prod", region: "europe-west1" });
  for (const name of ["svc-prod-frontend", "svc-prod-backend"]) {
    new CloudRunService(gcp, name, {
      serviceName: name,
      location: "europe-west1",
      project: "acme-svc-prod",
      image: `europe-west1-docker.pkg.dev/acme-svc-prod/svc-images/${name}:2.0.0`,
      rollout: { percent: 20, tag: "canary" },
      startupProbe: { path: "/healthz" },
      alarms: { enabled: false, reason: "These tests are about the rollout, not the alert policies" },
    });
  }
  new TerraformStack(app, "empty");
  app.synth();
}, 120_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const synthesized = (stack: string): Json => JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));

/** What `terraform output -json` gives after apply: the rollout outputs' values with Terraform's references resolved. */
function appliedOutputs(stack: string, versions: Record<string, string>): StackOutputs {
  const outputs: Record<string, { value: unknown }> = {};
  for (const [name, output] of Object.entries<Json>(synthesized(stack).output ?? {})) {
    const value = output.value;
    if (value?.kind === "aws-lambda-codedeploy") {
      // Output names start with the function's construct id: Api_Deployment_Rollout_<hash>.
      const fn = name.split("_")[0];
      const functionName = `safe-delivery-${fn === "ClickReader" ? "clicks" : fn.toLowerCase()}`;
      outputs[name] = {
        value: {
          ...value,
          function_name: functionName,
          alias: "live",
          target_version: versions[fn],
          application: functionName,
          deployment_group: "live",
          deployment_config: /CodeDeployDefault/.test(value.deployment_config) ? value.deployment_config : `${functionName}-linear-20pct-2min`,
          before_allow_traffic: value.before_allow_traffic ? "safe-delivery-smoke-test" : "",
        },
      };
    } else if (value?.kind === "gcp-cloud-run") {
      const service = name.startsWith("svc-prod-frontend") ? "svc-prod-frontend" : "svc-prod-backend";
      outputs[name] = { value: { ...value, service, location: "europe-west1", project: "acme-svc-prod" } };
    } else outputs[name] = { value: "https://example.execute-api.eu-west-1.amazonaws.com/" };
  }
  return outputs;
}

describe("npm run rollout: arguments", () => {
  test("one stack, --promote or --rollback, --outputs, --outdir, --timeout-minutes", () => {
    expect(parseArgs(["aws-prod"])).toEqual({ stack: "aws-prod", mode: "shift", outputs: undefined, outdir: undefined, timeoutMinutes: 360 });
    expect(parseArgs(["gcp-prod", "--promote", "--outputs", "o.json", "--outdir", "out", "--timeout-minutes", "30"])).toEqual({
      stack: "gcp-prod",
      mode: "promote",
      outputs: "o.json",
      outdir: "out",
      timeoutMinutes: 30,
    });
    expect(parseArgs(["gcp-prod", "--rollback"]).mode).toBe("rollback");
    expect(() => parseArgs([])).toThrow(/name the stack to roll out/);
    expect(() => parseArgs(["a", "b"])).toThrow(/one stack at a time \(got a, b\)/);
    expect(() => parseArgs(["a", "--promote", "--rollback"])).toThrow(/exclude each other/);
    expect(() => parseArgs(["a", "--outputs"])).toThrow(/--outputs needs a value/);
    expect(() => parseArgs(["a", "--timeout-minutes", "0"])).toThrow(/at least 1/);
    expect(() => parseArgs(["a", "--fast"])).toThrow(RolloutUsageError);
  });
});

describe("npm run rollout: a stack, read from its synth output and its outputs", () => {
  let aws: FakeAws;
  let run: FakeCloudRun;
  let services: RolloutServices;
  beforeEach(async () => {
    aws = new FakeAws();
    run = new FakeCloudRun();
    const [awsEndpoint, runEndpoint] = await Promise.all([aws.start(), run.start()]);
    const config = { endpoint: awsEndpoint, credentials: { accessKeyId: "AKIAFAKE", secretAccessKey: "fake" }, maxAttempts: 1 };
    services = {
      aws: (region) => ({ lambda: new LambdaClient({ ...config, region }), codedeploy: new CodeDeployClient({ ...config, region }) }),
      cloudRun: () => cloudRunApi({ endpoint: runEndpoint, token: async () => "ya29.fake" }),
      pollMs: 1,
    };
  });
  afterEach(async () => {
    await Promise.all([aws.stop(), run.stop()]);
  });

  test("every function of the stack at once: the canary shifts, the linear one rolls back on its alarm, the all-at-once one has nothing to shift; exit 1", async () => {
    aws.alias("safe-delivery-api", "live").functionVersion = "1";
    aws.alias("safe-delivery-worker", "live").functionVersion = "3";
    aws.alias("safe-delivery-clicks", "live").functionVersion = "5";
    const outputs = appliedOutputs("aws-delivery", { Api: "2", Worker: "4", ClickReader: "5" });
    // Deployments are created in the order of the outputs' names (Api, then Worker): the first succeeds, the second rolls back.
    let created = 0;
    const scripts = [
      [{ status: "InProgress", weight: 0.1 }, { status: "Succeeded" }],
      [{ status: "InProgress", weight: 0.2 }, { status: "Stopped", errorInformation: { code: "ALARM_ACTIVE", message: "safe-delivery-worker-errors" }, rollback: [{ status: "Succeeded" }] }],
    ] as const;
    Object.defineProperty(aws, "script", { get: () => scripts[created++] ?? scripts[0] });
    const report = recordingReporter();
    const outcomes = await rollout({ stack: "aws-delivery", mode: "shift", outdir, timeoutMinutes: 10 }, { ...services, outputs: () => outputs }, report);
    // In the order of the outputs' names: Api, ClickReader, Worker.
    expect(outcomes.map((o) => o.status)).toEqual(["shifted", "unchanged", "rolled-back"]);
    expect(exitCode(outcomes)).toBe(1);
    const creates = aws.requests.filter((r) => r.operation === "CreateDeployment").map((r) => [r.input.applicationName, r.input.deploymentGroupName, JSON.parse((r.input.revision as Json).appSpecContent.content)]);
    expect(creates).toEqual([
      [
        "safe-delivery-api",
        "live",
        {
          version: 0,
          Resources: [{ safedeliveryapi: { Type: "AWS::Lambda::Function", Properties: { Name: "safe-delivery-api", Alias: "live", CurrentVersion: "1", TargetVersion: "2" } } }],
          Hooks: [{ BeforeAllowTraffic: "safe-delivery-smoke-test" }],
        },
      ],
      ["safe-delivery-worker", "live", { version: 0, Resources: [{ safedeliveryworker: { Type: "AWS::Lambda::Function", Properties: { Name: "safe-delivery-worker", Alias: "live", CurrentVersion: "3", TargetVersion: "4" } } }] }],
    ]);
    expect(report.lines).toContain("[safe-delivery-clicks] nothing to shift: live already serves version 5, the one apply published");
    expect(report.lines).toContain("PROBLEM [safe-delivery-worker] rolled back: live serves version 3 (rollback d-FAKE00003 succeeded); version 4 stays published, unserved");
    expect(report.lines[report.lines.length - 1]).toBe("PROBLEM aws-delivery: 2 of 3 rolled out, 1 rolled back or failed");
  });

  test("Cloud Run services: each newest revision gets its rollout's percent; --promote then gives it all", async () => {
    for (const service of ["svc-prod-frontend", "svc-prod-backend"]) {
      run.addService(`projects/acme-svc-prod/locations/europe-west1/services/${service}`, [`${service}-00001-aaa`, `${service}-00002-bbb`], [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: `${service}-00001-aaa`, percent: 100 }]);
    }
    const outputs = appliedOutputs("gcp-delivery", {});
    const shift = await rollout({ stack: "gcp-delivery", mode: "shift", outdir, timeoutMinutes: 10 }, { ...services, outputs: () => outputs }, recordingReporter());
    expect(shift.map((o) => o.status)).toEqual(["shifted", "shifted"]);
    expect(run.service("projects/acme-svc-prod/locations/europe-west1/services/svc-prod-backend").traffic).toEqual([
      { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: "svc-prod-backend-00002-bbb", percent: 20, tag: "canary" },
      { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: "svc-prod-backend-00001-aaa", percent: 80 },
    ]);
    const promote = await rollout({ stack: "gcp-delivery", mode: "promote", outdir, timeoutMinutes: 10 }, { ...services, outputs: () => outputs }, recordingReporter());
    expect(exitCode(promote)).toBe(0);
    expect(run.service("projects/acme-svc-prod/locations/europe-west1/services/svc-prod-frontend").traffic).toEqual([
      { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: "svc-prod-frontend-00002-bbb", percent: 100 },
    ]);
  });

  test("a stack with nothing to roll out says so and exits 0; outputs missing from the applied stack are refused before anything moves", async () => {
    const report = recordingReporter();
    expect(await rollout({ stack: "empty", mode: "shift", outdir, timeoutMinutes: 10 }, { ...services, outputs: () => ({}) }, report)).toEqual([]);
    expect(report.lines).toEqual(["empty: nothing to roll out (no function with a deployment, no Cloud Run service with a rollout)"]);
    await expect(rollout({ stack: "aws-delivery", mode: "shift", outdir, timeoutMinutes: 10 }, { ...services, outputs: () => ({}) }, report)).rejects.toThrow(RolloutInputError);
    await expect(rollout({ stack: "aws-delivery", mode: "shift", outdir, timeoutMinutes: 10 }, { ...services, outputs: () => ({}) }, report)).rejects.toThrow(
      /aws-delivery: output Api_Deployment_Rollout_[0-9A-F]{8} is not in the stack's outputs: apply aws-delivery with this synth first/,
    );
    await expect(rollout({ stack: "nope", mode: "shift", outdir, timeoutMinutes: 10 }, services, report)).rejects.toThrow(/no synthesized stack nope/);
    expect(aws.requests).toEqual([]);
  });

  test("the command itself (npm run rollout's script): real SDK clients on AWS_ENDPOINT_URL, exit 0 when every alias moved", async () => {
    for (const [fn, version] of [["safe-delivery-api", "1"], ["safe-delivery-worker", "3"], ["safe-delivery-clicks", "5"]] as const) aws.alias(fn, "live").functionVersion = version;
    const file = join(outdir, "aws-delivery-outputs.json");
    writeFileSync(file, JSON.stringify(appliedOutputs("aws-delivery", { Api: "2", Worker: "4", ClickReader: "6" })));
    const endpoint = (services.aws("eu-west-1").lambda.config.endpoint as unknown as () => Promise<{ hostname: string; port?: number }>)();
    const { hostname, port } = await endpoint;
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ["--require", require.resolve("tsx/cjs"), join(ROOT, "scripts", "rollout.ts"), "aws-delivery", "--outdir", outdir, "--outputs", file], {
        cwd: ROOT,
        env: { ...process.env, AWS_ENDPOINT_URL: `http://${hostname}:${port}`, AWS_ACCESS_KEY_ID: "AKIAFAKE", AWS_SECRET_ACCESS_KEY: "fake", AWS_REGION: "eu-west-1", GITHUB_ACTIONS: "" },
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("[safe-delivery-api] live serves version 2 (deployment d-FAKE");
    expect(result.stdout).toContain("[safe-delivery-clicks] live serves version 6");
    expect(result.stdout.trim().split("\n").pop()).toBe("aws-delivery: 3 of 3 rolled out");
  }, 60_000);
});
