import { FakeAws } from "../../scripts/rollout/fake-aws";

// The handler's clients read the endpoint and credentials when its module loads: set them first.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

describe("the safe-delivery example's smoke-test hook, against a fake of Lambda and CodeDeploy", () => {
  const fake = new FakeAws();
  let handler: typeof import("../../../examples/safe-delivery/handlers/smoke-test").handler;
  const saved = { ...process.env };
  beforeAll(async () => {
    const endpoint = await fake.start();
    Object.assign(process.env, { AWS_ENDPOINT_URL: endpoint, AWS_REGION: "eu-west-1", AWS_ACCESS_KEY_ID: "AKIAFAKE", AWS_SECRET_ACCESS_KEY: "fake", TARGET_FUNCTION: "safe-delivery-api" });
    ({ handler } = await import("../../../examples/safe-delivery/handlers/smoke-test"));
  });
  afterAll(async () => {
    process.env = saved;
    await fake.stop();
  });
  beforeEach(() => fake.requests.splice(0));
  const event = { DeploymentId: "d-FAKE00001", LifecycleEventHookExecutionId: "hook-1" };

  test("the function answers 200: Succeeded is reported to CodeDeploy for this hook execution", async () => {
    fake.invocations.set("safe-delivery-api", () => ({ payload: { statusCode: 200, body: "{}" } }));
    expect(await handler(event)).toEqual({ status: "Succeeded" });
    expect(fake.operations).toEqual(["lambda.Invoke", "codedeploy.PutLifecycleEventHookExecutionStatus"]);
    expect(fake.requests[1].input).toEqual({ deploymentId: "d-FAKE00001", lifecycleEventHookExecutionId: "hook-1", status: "Succeeded" });
  });

  test("an error of the function, another status, or no function: Failed, which stops the rollout", async () => {
    fake.invocations.set("safe-delivery-api", () => ({ functionError: "Unhandled", payload: { errorMessage: "boom" } }));
    expect(await handler(event)).toEqual({ status: "Failed" });
    fake.invocations.set("safe-delivery-api", () => ({ payload: { statusCode: 500 } }));
    expect(await handler(event)).toEqual({ status: "Failed" });
    fake.invocations.delete("safe-delivery-api");
    expect(await handler(event)).toEqual({ status: "Failed" });
    expect(fake.requests.filter((r) => r.operation === "PutLifecycleEventHookExecutionStatus").map((r) => r.input.status)).toEqual(["Failed", "Failed", "Failed"]);
  });
});
