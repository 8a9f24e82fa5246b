import { KinesisStream } from "@cdktf/provider-aws/lib/kinesis-stream";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Fn, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { join } from "node:path";
import { HttpApi, ServerlessFunction } from "../../modules/aws";
import { suppressRule } from "../../modules/core/rule-pack";

const ACCOUNT = "111111111111";
const HANDLERS = join(__dirname, "handlers");
const WORKER_TIMEOUT_SECONDS = 20;
const TWO_WEEKS_SECONDS = 14 * 24 * 3600;

/**
 * Gradual delivery written only from the public API (DESIGN.md, "Safe delivery"): an API function
 * rolled out as a canary (checked by a smoke-test hook before it gets traffic, with provisioned
 * concurrency that follows the load), a queue worker rolled out linearly, a stream reader all at
 * once; each behind its `live` alias, watched by the alarms computed from what it has, rolled back
 * on them. Its environment is not declared, so it is watched as the strictest one. The tests
 * synthesize it and plan it with Terraform; docs/delivery.md walks through it.
 */
export class SafeDeliveryStack extends TerraformStack {
  public readonly api: ServerlessFunction;
  public readonly worker: ServerlessFunction;
  public readonly clicks: ServerlessFunction;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: "eu-west-1", allowedAccountIds: [ACCOUNT] });
    const queue = (name: string, props: Partial<ConstructorParameters<typeof SqsQueue>[2]> = {}) =>
      new SqsQueue(this, name, { name: `safe-delivery-${name.toLowerCase()}`, sqsManagedSseEnabled: true, messageRetentionSeconds: TWO_WEEKS_SECONDS, ...props });

    // Runs against the new version before it gets any traffic; its verdict goes to CodeDeploy.
    const smokeTest = new ServerlessFunction(this, "SmokeTest", {
      functionName: "safe-delivery-smoke-test",
      entry: join(HANDLERS, "smoke-test.ts"),
      timeout: 30,
      environment: { TARGET_FUNCTION: "safe-delivery-api" },
      alarms: { enabled: false, reason: "It runs only during rollouts, and a failure stops the rollout itself" },
    });

    // The API: 10% of the traffic for 5 minutes, then the rest, unless an alarm goes off.
    const failures = queue("ApiFailures");
    const announcements = new SnsTopic(this, "Announcements", { name: "safe-delivery-announcements", kmsMasterKeyId: "alias/aws/sns" });
    this.api = new ServerlessFunction(this, "Api", {
      functionName: "safe-delivery-api",
      entry: join(HANDLERS, "api.ts"),
      timeout: 10,
      reservedConcurrency: 20,
      provisionedConcurrency: { min: 1, max: 10, targetUtilization: 0.7 },
      deployment: { strategy: "canary", hooks: { beforeAllowTraffic: smokeTest } },
      url: { authorization: "AWS_IAM" },
      events: [
        { type: "sns", topicArn: announcements.arn },
        { type: "schedule", expression: "rate(5 minutes)", input: { warmup: true } },
        { type: "eventbridge", eventPattern: { source: ["safe-delivery"] } },
      ],
      asyncInvoke: { maxRetryAttempts: 1, onFailureDestinationArn: failures.arn },
    });
    smokeTest.addPolicyStatements({ actions: ["lambda:InvokeFunction"], resources: [this.api.functionArn] });
    // CodeDeploy invokes the hook as apply left it: it has no rollout of its own.
    suppressRule(smokeTest, "lambda-rollout", "A CodeDeploy hook runs the code apply deployed, it is never rolled out itself");

    // The worker: 20% more every 2 minutes. Its queue's messages go to a dead-letter queue after 5 tries.
    const jobsDlq = queue("JobsDlq");
    const jobs = queue("Jobs", {
      visibilityTimeoutSeconds: 6 * WORKER_TIMEOUT_SECONDS,
      redrivePolicy: Fn.jsonencode({ deadLetterTargetArn: jobsDlq.arn, maxReceiveCount: 5 }),
    });
    this.worker = new ServerlessFunction(this, "Worker", {
      functionName: "safe-delivery-worker",
      entry: join(HANDLERS, "worker.ts"),
      timeout: WORKER_TIMEOUT_SECONDS,
      deployment: { strategy: "linear", percent: 20, intervalMinutes: 2 },
      events: [{ type: "sqs", queueArn: jobs.arn, batchSize: 10 }],
      alarms: { queueAge: { thresholdSeconds: 120 } },
    });

    // The clickstream reader: all at once, still checked against its alarms; failed async calls are kept.
    const stream = new KinesisStream(this, "Clicks", { name: "safe-delivery-clicks", streamModeDetails: { streamMode: "ON_DEMAND" }, encryptionType: "KMS", kmsKeyId: "alias/aws/kinesis" });
    this.clicks = new ServerlessFunction(this, "ClickReader", {
      functionName: "safe-delivery-clicks",
      entry: join(HANDLERS, "clicks.ts"),
      deployment: { strategy: "all-at-once" },
      deadLetterQueue: true,
      events: [{ type: "kinesis", streamArn: stream.arn, startingPosition: "LATEST", maxRecordAgeSeconds: 3600 }],
    });

    const http = new HttpApi(this, "Http", {
      apiName: "safe-delivery",
      routes: [{ method: "GET", path: "/status", target: this.api, authorization: "AWS_IAM" }],
      alarms: { latency: { thresholdMs: 2000, statistic: "p95" } },
    });
    new TerraformOutput(this, "url", { value: http.url });
  }
}
