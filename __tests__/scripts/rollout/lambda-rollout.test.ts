import { CodeDeployClient } from "@aws-sdk/client-codedeploy";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { createHash } from "node:crypto";
import type { LambdaRolloutOutput } from "../../../modules/core/rollout-outputs";
import { appSpec, rolloutLambda, type LambdaRolloutClients } from "../../../scripts/rollout/lambda-rollout";
import { recordingReporter } from "../../../scripts/rollout/report";
import { FakeAws } from "./fake-aws";

const TARGET: LambdaRolloutOutput = {
  kind: "aws-lambda-codedeploy",
  function_name: "svc-prod-hello",
  alias: "live",
  target_version: "8",
  application: "svc-prod-hello",
  deployment_group: "live",
  deployment_config: "CodeDeployDefault.LambdaCanary10Percent5Minutes",
  before_allow_traffic: "svc-prod-smoke-test",
  after_allow_traffic: "",
};
const POLL = { pollMs: 1, timeoutMs: 60_000 };

// The SDK warns once per process on Node.js 20; the deploy workflow runs Node.js 22.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

let fake: FakeAws;
let clients: LambdaRolloutClients;
beforeEach(async () => {
  fake = new FakeAws();
  const endpoint = await fake.start();
  const config = { region: "eu-west-1", endpoint, credentials: { accessKeyId: "AKIAFAKE", secretAccessKey: "fake" }, maxAttempts: 1 };
  clients = { lambda: new LambdaClient(config), codedeploy: new CodeDeployClient(config) };
});
afterEach(async () => {
  clients.lambda.destroy();
  clients.codedeploy.destroy();
  await fake.stop();
});

describe("the AppSpec of a Lambda rollout", () => {
  test("moves the alias from the version it serves to the one apply published, with the hooks by function name", () => {
    expect(JSON.parse(appSpec(TARGET, "7"))).toEqual({
      version: 0,
      Resources: [{ svcprodhello: { Type: "AWS::Lambda::Function", Properties: { Name: "svc-prod-hello", Alias: "live", CurrentVersion: "7", TargetVersion: "8" } } }],
      Hooks: [{ BeforeAllowTraffic: "svc-prod-smoke-test" }],
    });
    expect(JSON.parse(appSpec({ ...TARGET, before_allow_traffic: "" }, "7")).Hooks).toBeUndefined();
  });
});

describe("npm run rollout, a Lambda function, against a fake of CodeDeploy and Lambda", () => {
  test("nothing to shift: the alias serves the published version already (first deploy, or no change); no deployment", async () => {
    fake.alias("svc-prod-hello", "live").functionVersion = "8";
    const report = recordingReporter();
    const outcome = await rolloutLambda(TARGET, clients, report, POLL);
    expect(outcome).toEqual({ status: "unchanged", detail: "nothing to shift: live already serves version 8, the one apply published" });
    expect(fake.operations).toEqual(["lambda.GetAlias"]);
    expect(report.lines).toEqual(["nothing to shift: live already serves version 8, the one apply published"]);
  });

  test("a canary that succeeds: one deployment of the group from the current to the new version, followed to the end", async () => {
    fake.alias("svc-prod-hello", "live").functionVersion = "7";
    fake.script = [{ status: "Created" }, { status: "InProgress", weight: 0.1 }, { status: "InProgress", weight: 0.1 }, { status: "Succeeded" }];
    const report = recordingReporter();
    const outcome = await rolloutLambda(TARGET, clients, report, POLL);
    expect(outcome.status).toBe("shifted");
    expect(fake.operations).toEqual([
      "lambda.GetAlias",
      "codedeploy.CreateDeployment",
      "codedeploy.GetDeployment",
      "codedeploy.GetDeployment",
      "lambda.GetAlias",
      "codedeploy.GetDeployment",
      "lambda.GetAlias",
      "codedeploy.GetDeployment",
    ]);
    const create = fake.requests[1].input as { applicationName: string; deploymentGroupName: string; revision: { revisionType: string; appSpecContent: { content: string; sha256: string } } };
    expect(create.applicationName).toBe("svc-prod-hello");
    expect(create.deploymentGroupName).toBe("live");
    expect(create.revision.revisionType).toBe("AppSpecContent");
    expect(create.revision.appSpecContent.content).toBe(appSpec(TARGET, "7"));
    expect(create.revision.appSpecContent.sha256).toBe(createHash("sha256").update(appSpec(TARGET, "7")).digest("hex"));
    expect(report.lines).toEqual([
      "live: version 7 -> 8 with CodeDeployDefault.LambdaCanary10Percent5Minutes (CodeDeploy svc-prod-hello/live)",
      "deployment d-FAKE00001 created",
      "deployment d-FAKE00001: Created",
      "deployment d-FAKE00001: InProgress",
      "live: version 7, 10% on version 8",
      "deployment d-FAKE00001: Succeeded",
      "live serves version 8 (deployment d-FAKE00001 succeeded)",
    ]);
    expect(fake.alias("svc-prod-hello", "live")).toEqual({ functionVersion: "8", weights: undefined });
  });

  test("an alarm during the canary: CodeDeploy stops and rolls back; the rollout follows the rollback, says so and fails (exit 1)", async () => {
    fake.alias("svc-prod-hello", "live").functionVersion = "7";
    fake.script = [
      { status: "InProgress", weight: 0.1 },
      {
        status: "Stopped",
        errorInformation: { code: "ALARM_ACTIVE", message: "One or more alarms have been activated: svc-prod-hello-errors" },
        rollback: [{ status: "InProgress" }, { status: "Succeeded" }],
      },
    ];
    const report = recordingReporter();
    const outcome = await rolloutLambda(TARGET, clients, report, POLL);
    expect(outcome).toEqual({ status: "rolled-back", detail: "rolled back: live serves version 7 (rollback d-FAKE00002 succeeded); version 8 stays published, unserved" });
    expect(fake.operations).toEqual([
      "lambda.GetAlias",
      "codedeploy.CreateDeployment",
      "codedeploy.GetDeployment",
      "lambda.GetAlias",
      "codedeploy.GetDeployment",
      "codedeploy.GetDeployment",
      "lambda.GetAlias",
      "codedeploy.GetDeployment",
      "lambda.GetAlias",
    ]);
    expect(fake.requests.filter((r) => r.operation === "GetDeployment").map((r) => r.input.deploymentId)).toEqual(["d-FAKE00001", "d-FAKE00001", "d-FAKE00002", "d-FAKE00002"]);
    expect(report.lines).toEqual([
      "live: version 7 -> 8 with CodeDeployDefault.LambdaCanary10Percent5Minutes (CodeDeploy svc-prod-hello/live)",
      "deployment d-FAKE00001 created",
      "deployment d-FAKE00001: InProgress",
      "live: version 7, 10% on version 8",
      "deployment d-FAKE00001: Stopped",
      "PROBLEM deployment d-FAKE00001 stopped: ALARM_ACTIVE: One or more alarms have been activated: svc-prod-hello-errors",
      "PROBLEM CodeDeploy rolls back with deployment d-FAKE00002 (Deployment d-FAKE00001 rolled back by d-FAKE00002)",
      "deployment d-FAKE00002: InProgress",
      "live: version 7, 10% on version 8",
      "deployment d-FAKE00002: Succeeded",
      "PROBLEM rolled back: live serves version 7 (rollback d-FAKE00002 succeeded); version 8 stays published, unserved",
    ]);
    expect(fake.alias("svc-prod-hello", "live")).toEqual({ functionVersion: "7", weights: undefined });
  });

  test("a failed hook without a rollback to make (no traffic moved yet): failed, the alias where it was", async () => {
    fake.alias("svc-prod-hello", "live").functionVersion = "7";
    fake.script = [{ status: "InProgress" }, { status: "Failed", errorInformation: { code: "HOOK_EXECUTION_FAILURE", message: "BeforeAllowTraffic hook svc-prod-smoke-test failed" } }];
    const report = recordingReporter();
    const outcome = await rolloutLambda(TARGET, clients, report, POLL);
    expect(outcome).toEqual({ status: "failed", detail: "live serves version 7 after deployment d-FAKE00001 failed" });
    expect(report.lines).toContain("PROBLEM deployment d-FAKE00001 failed: HOOK_EXECUTION_FAILURE: BeforeAllowTraffic hook svc-prod-smoke-test failed");
  });

  test("an alias that splits traffic already (a deployment in progress or interrupted): nothing is deployed, the rollout fails", async () => {
    Object.assign(fake.alias("svc-prod-hello", "live"), { functionVersion: "7", weights: { "8": 0.1 } });
    const report = recordingReporter();
    const outcome = await rolloutLambda(TARGET, clients, report, POLL);
    expect(outcome.status).toBe("failed");
    expect(outcome.detail).toMatch(/^live splits the traffic \(version 7, 10% on version 8\): a deployment of svc-prod-hello\/live is in progress or was interrupted/);
    expect(fake.operations).toEqual(["lambda.GetAlias"]);
  });

  test("a deployment that outlasts the timeout is stopped with CodeDeploy's rollback, which is followed", async () => {
    fake.alias("svc-prod-hello", "live").functionVersion = "7";
    fake.script = [{ status: "InProgress", weight: 0.1 }];
    const report = recordingReporter();
    const outcome = await rolloutLambda(TARGET, clients, report, { pollMs: 5, timeoutMs: 20 });
    expect(outcome.status).toBe("rolled-back");
    const stop = fake.requests.find((r) => r.operation === "StopDeployment");
    expect(stop?.input).toEqual({ deploymentId: "d-FAKE00001", autoRollbackEnabled: true });
    expect(report.lines).toContain("PROBLEM deployment d-FAKE00001 stopped: MANUAL_STOP: stopped by the user");
    expect(fake.alias("svc-prod-hello", "live").functionVersion).toBe("7");
  });

  test("CodeDeploy refusing the deployment is an error with its message (the CLI reports it and fails)", async () => {
    fake.alias("svc-prod-hello", "live").functionVersion = "7";
    fake.createError = { type: "DeploymentLimitExceededException", message: "The deployment group svc-prod-hello/live already has an active deployment" };
    await expect(rolloutLambda(TARGET, clients, recordingReporter(), POLL)).rejects.toThrow("The deployment group svc-prod-hello/live already has an active deployment");
  });
});
