/**
 * The stacks the test run plans with real Terraform besides the app's own AWS stacks (which are all
 * planned, whatever their number): one entry each; and the changes it plans over an applied state
 * (PLANNED_CHANGES). Every entry is synthesized and planned in the one plan batch of the run (see
 * ./harness.ts and docs/testing.md); a suite reads its result with `await plannedStack("<name>")`
 * or `await plannedChange("<name>")`. To plan one more stack or change, add an entry here: never
 * run Terraform in a suite of its own.
 */
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, TerraformOutput, TerraformStack, Testing } from "cdktf";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../config/load";
import { OrderPipelineStack } from "../../examples/order-pipeline/stack";
import { OrdersApiStack } from "../../examples/orders-api/stack";
import { OrdersServiceStack } from "../../examples/orders-service/stack";
import { WebAppStack } from "../../examples/web-app/stack";
import { SafeDeliveryStack } from "../../examples/safe-delivery/stack";
import { ServerlessFunction } from "../../modules/aws";
import { toDocumentStatement, type PolicyStatement } from "../../modules/core/policy/policy-statement";
import { MERGE_EXPECTED, MERGE_FIXTURE } from "../modules/core/terraform/merge-fixture";
import { synthAwsFixture } from "../scripts/review-fixtures";
import { EventIdentityStack } from "../fixtures/event-identity/stack";
import type { PlanRequest } from "../../scripts/terraform/batch";
import type { ChangeRequest } from "../../scripts/terraform/moves";

export interface PlannedStack {
  /** Unique name of the stack in the batch; suites ask for its result by this name. */
  readonly name: string;
  /** Synthesizes the stack into `outdir` (a fresh folder) and returns the stack's folder (holding cdk.tf.json). */
  readonly synth: (outdir: string) => string;
  /**
   * Plan it alone, outside the one configuration: for a stack whose plan is expected to fail (it
   * would fail the batch). It costs a plan of its own (the provider's schema loads again): a stack
   * the provider must reject is better planned once through `npm run plan`, as
   * __tests__/scripts/plan.test.ts does.
   */
  readonly alone?: boolean;
}

/** An entry for a stack built on a test app: `build` adds it to `app` and returns it. */
export function testStack(name: string, build: (app: App) => TerraformStack, options: { alone?: boolean } = {}): PlannedStack {
  return {
    name,
    alone: options.alone,
    synth: (outdir) => {
      const app = Testing.app({ outdir });
      const stack = build(app);
      app.synth();
      return join(outdir, "stacks", stack.node.id);
    },
  };
}

const CODE_DIR = join(__dirname, "..", "fixtures", "code");

/**
 * IAM policy variables are written `&{aws:username}` (Terraform would evaluate `${aws:username}`):
 * real Terraform renders the statements this project writes into `${aws:username}` in the policy.
 */
export const POLICY_VARIABLES: PolicyStatement = {
  actions: ["s3:GetObject"],
  resources: ["arn:aws:s3:::home/&{aws:username}/*"],
  conditions: { StringEquals: { "aws:PrincipalTag/team": "&{aws:PrincipalTag/team}" } },
};

export const PLANNED_STACKS: readonly PlannedStack[] = [
  /** The example written only from the public API. */
  testStack("example-orders-api", (app) => new OrdersApiStack(app, "example-orders-api")),

  /** The event-driven example: every event source, async destinations and a function URL. */
  testStack("example-order-pipeline", (app) => new OrderPipelineStack(app, "example-order-pipeline", { config: loadConfig("dev") })),
  // The service of the issue, in its protected environment.
  testStack("example-orders-service", (app) => new OrdersServiceStack(app, "example-orders-service", { config: loadConfig("prod") })),

  /** Canary, linear and all-at-once functions behind their live aliases, with CodeDeploy, alarms and auto scaling (docs/delivery.md). */
  testStack("example-safe-delivery", (app) => new SafeDeliveryStack(app, "example-safe-delivery")),

  /** The HttpApi's $default route and Lambda REQUEST authorizer, in a stack written from the public API. */
  testStack("example-web-app", (app) => new WebAppStack(app, "example-web-app")),

  /** Every trigger aimed at a `live` alias (provisioned concurrency), and a public (NONE) function URL. */
  testStack("alias-triggers", (app) => {
    const stack = new TerraformStack(app, "alias-triggers");
    new AwsProvider(stack, "aws", { region: "eu-west-1", allowedAccountIds: ["111111111111"] });
    const arn = (service: string, resource: string) => `arn:aws:${service}:eu-west-1:111111111111:${resource}`;
    new ServerlessFunction(stack, "Fn", {
      functionName: "alias-triggers",
      codeDirectory: CODE_DIR,
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
  }),

  /** POLICY_VARIABLES rendered by a real aws_iam_policy_document, shown as an output. */
  testStack("policy-variables", (app) => {
    const stack = new TerraformStack(app, "policy-variables");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    const document = new DataAwsIamPolicyDocument(stack, "Doc", { statement: [toDocumentStatement(POLICY_VARIABLES, "Code1")] });
    new TerraformOutput(stack, "policy", { value: document.json });
    return stack;
  }),

  /**
   * The model's fixture of source and override documents merged by Sid (modules/core/terraform):
   * each document rendered by the provider, written as `Sid Effect Actions;...` in an output
   * (__tests__/terraform/policy-document-merge.test.ts compares it with the model's reading).
   */
  testStack("policy-document-merge", (app) => {
    const stack = new TerraformStack(app, "policy-document-merge");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    stack.addOverride("data.aws_iam_policy_document", MERGE_FIXTURE.data.aws_iam_policy_document);
    // The merged document as a managed policy: the provider takes it as a policy, and the plan has a change.
    new IamPolicy(stack, "Merged", { name: "merged", policy: "${data.aws_iam_policy_document.main.json}" });
    for (const name of Object.keys(MERGE_EXPECTED)) {
      const statements = `jsondecode(data.aws_iam_policy_document.${name}.json).Statement`;
      new TerraformOutput(stack, `merge_${name}`, { value: `\${join(";", [for s in ${statements} : "\${try(s.Sid, "-")} \${s.Effect} \${join(",", flatten([s.Action]))}"])}` });
    }
    return stack;
  }),

  /** A function renamed with renamedFrom: its moved blocks (modules/core/renamed-from.test.ts). */
  {
    name: "renamed-from",
    synth: (outdir) => join(synthAwsFixture({ api: false, functionId: "Greeter", renamedFrom: "Hello" }, outdir), "stacks", "aws-fixture"),
  },
];

export interface PlannedChangeEntry {
  /** Unique name of the change in the batch ([a-z][a-z0-9_]*); suites ask for its results by this name. */
  readonly name: string;
  /** The configuration as it was: a file of Terraform JSON (a fixture), not synthesized today. */
  readonly beforeFile: string;
  /** Synthesizes the configurations as they are now, by name ([a-z][a-z0-9_]*): `Testing.synth` of each stack. */
  readonly after: () => Record<string, string>;
}

export const PLANNED_CHANGES: readonly PlannedChangeEntry[] = [
  /**
   * A stack applied when events were named by their position (before.tf.json), planned with today's
   * named events (with legacyPosition: nothing replaced) and without legacyPosition (what it would
   * replace): __tests__/terraform/event-moves.test.ts.
   */
  {
    name: "event_identity",
    beforeFile: join(__dirname, "..", "fixtures", "event-identity", "before.tf.json"),
    after: () => ({
      named: Testing.synth(new EventIdentityStack(Testing.app(), "event-identity", "named")),
      naive: Testing.synth(new EventIdentityStack(Testing.app(), "event-identity", "named-without-legacy")),
    }),
  },
];

/**
 * Synthesizes every entry of PLANNED_STACKS and PLANNED_CHANGES into `outdir`: each stack into
 * `<outdir>/<name>/` (a synth output: manifest.json, stacks/<id>/...), each change's configurations
 * as `<outdir>/changes/<name>/<configuration>.tf.json`. Returns what the plan batch plans. What the
 * runtime writes is all here: `npm run test:cdktn` compares it between cdktf and CDK Terrain.
 */
export function synthPlanned(outdir: string): { stacks: PlanRequest[]; changes: ChangeRequest[] } {
  const stacks = PLANNED_STACKS.map((entry) => {
    const synthOut = join(outdir, entry.name);
    mkdirSync(synthOut, { recursive: true });
    return { name: entry.name, dir: entry.synth(synthOut), alone: entry.alone };
  });
  const changes = PLANNED_CHANGES.map((entry) => {
    const folder = join(outdir, "changes", entry.name);
    mkdirSync(folder, { recursive: true });
    const after = Object.fromEntries(
      Object.entries(entry.after()).map(([name, json]) => {
        writeFileSync(join(folder, `${name}.tf.json`), json);
        return [name, JSON.parse(json) as Record<string, unknown>];
      }),
    );
    return { name: entry.name, before: JSON.parse(readFileSync(entry.beforeFile, "utf8")) as Record<string, unknown>, after };
  });
  return { stacks, changes };
}
