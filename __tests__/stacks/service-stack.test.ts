import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Aspects, Testing } from "cdktf";
import type { Construct } from "constructs";
import { loadConfig, type EnvironmentConfig } from "../../config/load";
import { RulePack } from "../../modules/core/rule-pack";
import { awsProvider } from "../../stacks/aws-provider";
import { AwsServiceStack } from "../../stacks/aws-service-stack";
import { GcpServiceStack } from "../../stacks/gcp-service-stack";
import { ServiceStack } from "../../stacks/service-stack";

/** The smallest service stack a team would write: one queue. */
class QueueStack extends ServiceStack {
  constructor(scope: Construct, id: string, config: EnvironmentConfig) {
    super(scope, id, config, {
      provider: (stack) => awsProvider(stack, config),
      state: { type: "s3", bucket: config.aws.stateBucket, region: config.aws.stateRegion },
    });
    new SqsQueue(this, "Queue", { name: `${config.project.name}-${config.environment}-jobs` });
  }
}

describe("ServiceStack: provider, backend and rule pack, always", () => {
  const prod = loadConfig("prod");

  test("a new stack gets the environment's provider and its own state key without asking", () => {
    const tf = JSON.parse(Testing.synth(new QueueStack(Testing.app(), "jobs-prod", prod)));
    expect(tf.provider.aws[0]).toMatchObject({ region: prod.aws.region, allowed_account_ids: [prod.aws.accountId] });
    expect(tf.terraform.backend.s3).toMatchObject({ bucket: prod.aws.stateBucket, key: "svc/prod/jobs-prod.tfstate", use_lockfile: true, encrypt: true });
  });

  test("HCP Terraform when the environment says so", () => {
    const onHcp: EnvironmentConfig = { ...prod, backend: "cloud", cloud: { organization: "acme-platform" } };
    const tf = JSON.parse(Testing.synth(new QueueStack(Testing.app(), "jobs-prod", onHcp)));
    expect(tf.terraform.backend).toBeUndefined();
    expect(tf.terraform.cloud).toEqual({ organization: "acme-platform", workspaces: { name: "svc-jobs-prod" } });
  });

  test("the rule pack runs at the environment's severity, and its findings fail synth (an unencrypted queue in prod)", () => {
    const stack = new QueueStack(Testing.app(), "jobs-prod", prod);
    const packs = Aspects.of(stack).all.filter((a) => a instanceof RulePack) as RulePack[];
    expect(packs).toEqual([stack.rulePack]);
    expect(stack.rulePack).toMatchObject({ environment: "prod", severity: "error" });
    expect(() => Testing.fullSynth(stack)).toThrow(/\[sqs-[a-z-]+\].* at jobs-prod\/Queue/);
  });

  test("the rule pack's severity is the one the environment's file declares, whatever its name; a config object cannot lower it", () => {
    expect(new QueueStack(Testing.app(), "jobs-dev", loadConfig("dev")).rulePack).toMatchObject({ environment: "dev", severity: "warn" });
    // What an environment's file declares cannot be lowered by a config object built in code: the pack refuses it.
    expect(() => new QueueStack(Testing.app(), "jobs-prod", { ...prod, rulePackSeverity: "warn" })).toThrow(
      'severity: must be "error" or stricter: environment "prod" declares rulePackSeverity "error" (its config; an undeclared environment is "error"), and a pack may raise it, not lower it; received "warn"',
    );
    expect(new QueueStack(Testing.app(), "jobs-dev", { ...loadConfig("dev"), rulePackSeverity: undefined }).rulePack.severity).toBe("error");
  });

  test("the shipped stacks are service stacks", () => {
    expect(new AwsServiceStack(Testing.app(), "aws-prod", { config: prod })).toBeInstanceOf(ServiceStack);
    expect(new GcpServiceStack(Testing.app(), "gcp-prod", { config: prod })).toBeInstanceOf(ServiceStack);
  });
});
