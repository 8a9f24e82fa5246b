import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/load";
import { StateBucket } from "../modules/aws";
import { applyRulePack } from "../modules/core/rule-pack";
import { Validator } from "../modules/core/validation";
import { defaultTags } from "./aws-provider";

export interface StateBootstrapStackProps {
  /** Every environment whose remote state bucket this stack creates (all in one region). */
  readonly environments: readonly EnvironmentConfig[];
}

/**
 * Creates, once, the S3 bucket(s) that hold the other stacks' remote state. Its own state is local
 * (a bucket cannot hold the state of its own creation): `terraform.state-bootstrap.tfstate` at the
 * project root, committed or migrated into the bucket afterwards (see README).
 */
export class StateBootstrapStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: StateBootstrapStackProps) {
    super(scope, id);
    const regions = [...new Set(props.environments.map((e) => e.aws.stateRegion))];
    const v = new Validator("StateBootstrapStack props", this.node.path);
    if (regions.length !== 1) v.fail("environments[].aws.stateRegion", "one region shared by every environment (one bootstrap stack per region)", regions);
    v.throwIfInvalid();

    // Relative to the stack's working directory (cdktf.out/stacks/<id>): the project root, never
    // an absolute path, so synth output does not depend on the checkout location.
    new LocalBackend(this, { path: `../../../terraform.${id}.tfstate` });
    const first = props.environments[0];
    new AwsProvider(this, "aws", {
      region: regions[0],
      defaultTags: [{ tags: { ...defaultTags(first), Environment: "shared" } }],
    });

    const names = [...new Set(props.environments.map((e) => e.aws.stateBucket))].sort();
    for (const bucketName of names) {
      const bucket = new StateBucket(this, `StateBucket-${bucketName}`, { bucketName });
      new TerraformOutput(this, `state_bucket_${bucketName.replace(/[^A-Za-z0-9]/g, "_")}`, { value: bucket.bucketName });
    }
    // Shared by every environment, so held to the strictest one.
    applyRulePack(this, { environment: "prod" });
  }
}
