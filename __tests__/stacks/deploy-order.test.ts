import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { App, TerraformOutput, TerraformStack, Testing } from "cdktf";
import type { Construct } from "constructs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENVIRONMENTS, loadConfig, type EnvironmentConfig } from "../../config/load";
import { applyRulePack } from "../../modules/core/rule-pack";
import { awsProvider } from "../../stacks/aws-provider";
import { deployManually, stackDeployment } from "../../stacks/deploy-environment";
import { deployOrder, DeployOrderError } from "../../stacks/deploy-order";
import { ServiceStack } from "../../stacks/service-stack";
import { StateBootstrapStack } from "../../stacks/state-bootstrap-stack";

/** A service stack as a team writes one (docs/environments.md, "Writing a new stack"). */
class QueueStack extends ServiceStack {
  public readonly queue: SqsQueue;
  constructor(scope: Construct, id: string, config: EnvironmentConfig) {
    super(scope, id, config, {
      provider: (stack) => awsProvider(stack, config),
      state: { type: "s3", bucket: config.aws.stateBucket, region: config.aws.stateRegion },
    });
    this.queue = new SqsQueue(this, "Queue", { name: `${config.project.name}-${config.environment}-${id}`, sqsManagedSseEnabled: true });
  }
}

/** A stack not built on ServiceStack: its environment is its rule pack's. */
function plainStack(app: App, id: string, environment: string): TerraformStack {
  const stack = new TerraformStack(app, id);
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  applyRulePack(stack, { environment, log: () => undefined });
  return stack;
}

const configs = Object.fromEntries(ENVIRONMENTS.map((e) => [e, loadConfig(e)])) as Record<string, EnvironmentConfig>;
const ids = (order: ReturnType<typeof deployOrder>) => order.stages.map((s) => [s.environment, s.stacks]);
const problemsOf = (f: () => unknown): readonly string[] => {
  try {
    f();
  } catch (e) {
    if (e instanceof DeployOrderError) return e.problems;
    throw e;
  }
  throw new Error("expected a DeployOrderError");
};

describe("deployOrder: every stack of the app, by environment, after its dependencies", () => {
  test("groups stacks by environment in promotion order (config/), each environment with its promotedFrom", () => {
    const app = Testing.app();
    // Created in an order unlike the promotion order: the groups follow config/, not the app.
    for (const env of [...ENVIRONMENTS].reverse()) new QueueStack(app, `jobs-${env}`, configs[env]);
    plainStack(app, "reports-dev", "dev");
    const order = deployOrder(app);
    expect(ids(order)).toEqual(ENVIRONMENTS.map((env) => [env, env === "dev" ? "jobs-dev reports-dev" : `jobs-${env}`]));
    expect(order.stages.map((s) => s.promotedFrom)).toEqual(ENVIRONMENTS.map((env) => configs[env].promotedFrom ?? null));
    expect(order.manual).toEqual([]);
  });

  test("a stack comes after the stacks it references (cdktf cross-stack references) and after addDependency, whatever the app's order", () => {
    const app = Testing.app();
    const consumer = plainStack(app, "consumer-dev", "dev");
    const later = plainStack(app, "later-dev", "dev");
    const jobs = new QueueStack(app, "jobs-dev", configs.dev);
    // A cross-stack reference: consumer reads jobs' queue ARN (cdktf makes it a remote-state read).
    new TerraformOutput(consumer, "queue_arn", { value: jobs.queue.arn });
    later.addDependency(consumer);
    expect(ids(deployOrder(app))).toEqual([["dev", "jobs-dev consumer-dev later-dev"]]);
    expect(consumer.dependencies).toEqual([jobs]);
  });

  test("a stack may depend on one of an environment deployed before it, not after it", () => {
    const app = Testing.app();
    const shared = new QueueStack(app, "shared-dev", configs.dev);
    const prod = plainStack(app, "consumer-prod", "prod");
    new TerraformOutput(prod, "queue_arn", { value: shared.queue.arn });
    expect(ids(deployOrder(app))).toEqual([
      ["dev", "shared-dev"],
      ["prod", "consumer-prod"],
    ]);

    const wrong = Testing.app();
    const prodQueue = new QueueStack(wrong, "jobs-prod", configs.prod);
    const dev = plainStack(wrong, "consumer-dev", "dev");
    new TerraformOutput(dev, "queue_arn", { value: prodQueue.queue.arn });
    const problems = problemsOf(() => deployOrder(wrong));
    expect(problems).toEqual([expect.stringMatching(/^\[consumer-dev\] depends on jobs-prod, which deploys later \(environment prod comes after dev in the promotion order dev -> .*prod\)/)]);
  });

  test("state-bootstrap is left to a person, with its reason, and is in no stage", () => {
    const app = Testing.app();
    new StateBootstrapStack(app, "state-bootstrap", { environments: Object.values(configs) });
    new QueueStack(app, "jobs-dev", configs.dev);
    const order = deployOrder(app);
    expect(ids(order)).toEqual([["dev", "jobs-dev"]]);
    expect(order.manual).toEqual([{ stack: "state-bootstrap", reason: expect.stringContaining("npx cdktf deploy state-bootstrap") }]);
  });

  test("a stack whose environment is not one of config/'s is refused with the three ways out, and its name is never read", () => {
    const app = Testing.app();
    plainStack(app, "shared", "shared");
    // Named like a dev stack, declared for prod: prod it is.
    plainStack(app, "aws-dev-extra", "prod");
    const problems = problemsOf(() => deployOrder(app));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`[shared] its environment "shared" (from applyRulePack(stack, { environment: "shared" })) is not one of the environments of config/ (${ENVIRONMENTS.join(", ")})`);
    expect(problems[0]).toContain("ServiceStack");
    expect(problems[0]).toContain('deployManually(this, "<why, and how it is deployed>")');
    expect(stackDeployment(app.node.findChild("aws-dev-extra") as TerraformStack)).toMatchObject({ kind: "environment", environment: "prod" });
  });

  test("a stack without a rule pack (outside the app runner, which refuses it first) has no environment", () => {
    const app = Testing.app();
    new TerraformStack(app, "bare");
    expect(problemsOf(() => deployOrder(app))[0]).toMatch(/^\[bare\] its environment cannot be known \(no ServiceStack config, no rule pack, no deployManually\)/);
  });

  test("deployManually needs a reason in words", () => {
    const app = Testing.app();
    const stack = plainStack(app, "seed", "dev");
    expect(() => deployManually(stack, "n/a")).toThrow(/\[seed\] reason: must be why and how the stack is deployed by hand, in at least 3 words/);
    deployManually(stack, "Seeds the sandbox account once, by hand, from a laptop.");
    expect(deployOrder(app)).toEqual({ stages: [], manual: [{ stack: "seed", reason: "Seeds the sandbox account once, by hand, from a laptop." }] });
  });
});

describe("the deploy order is checked at synth", () => {
  const outdir = mkdtempSync(join(tmpdir(), "deploy-order-synth-"));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  test("an app with a ServiceStack fails to synthesize while another stack's environment is unknown, naming it", () => {
    const app = new App({ outdir, stackTraces: false });
    new QueueStack(app, "jobs-dev", configs.dev);
    plainStack(app, "shared", "shared");
    expect(() => app.synth()).toThrow(/\[deploy-order\] \[shared\] its environment "shared"/);
  });
});
