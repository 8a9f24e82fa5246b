import { CodeDeployClient, PutLifecycleEventHookExecutionStatusCommand } from "@aws-sdk/client-codedeploy";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";

/** What CodeDeploy sends a lifecycle hook. */
export interface LifecycleHookEvent {
  readonly DeploymentId: string;
  readonly LifecycleEventHookExecutionId: string;
}

const lambda = new LambdaClient({});
const codedeploy = new CodeDeployClient({});

/**
 * The API's `BeforeAllowTraffic` hook: calls the function as it now is (apply updated it and
 * published it as the new version) and tells CodeDeploy `Succeeded` only when it answers 200; any
 * other answer or error is `Failed`, which stops the rollout before the new version gets traffic.
 */
export async function handler(event: LifecycleHookEvent): Promise<{ readonly status: "Succeeded" | "Failed" }> {
  let status: "Succeeded" | "Failed" = "Failed";
  try {
    const result = await lambda.send(
      new InvokeCommand({ FunctionName: process.env.TARGET_FUNCTION ?? "safe-delivery-api", Payload: Buffer.from(JSON.stringify({ rawPath: "/status", requestContext: { http: { method: "GET" } } })) }),
    );
    const answer = JSON.parse(Buffer.from(result.Payload ?? []).toString("utf8") || "null") as { statusCode?: number } | null;
    if (!result.FunctionError && answer?.statusCode === 200) status = "Succeeded";
    else console.log(JSON.stringify({ level: "warn", message: "smoke test failed", functionError: result.FunctionError, answer }));
  } catch (error) {
    console.log(JSON.stringify({ level: "warn", message: "smoke test could not call the function", error: (error as Error).message }));
  }
  await codedeploy.send(new PutLifecycleEventHookExecutionStatusCommand({ deploymentId: event.DeploymentId, lifecycleEventHookExecutionId: event.LifecycleEventHookExecutionId, status }));
  return { status };
}
