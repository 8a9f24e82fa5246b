import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/load";
import { StateBucket, type StateBucketAccountAccess } from "../modules/aws";
import { applyRulePack } from "../modules/core/rule-pack";
import { Validator } from "../modules/core/validation";
import { checkAccountGlobalNames } from "./account-global-names";
import { defaultTags } from "./aws-provider";
import { environmentStatePrefix } from "./backends";
import { deployManually } from "./deploy-environment";
import { checkDeployOrder } from "./deploy-order";

export interface StateBootstrapStackProps {
  /** Every environment whose remote state bucket this stack creates (all in one region and account). */
  readonly environments: readonly EnvironmentConfig[];
}

/**
 * Creates, once, the S3 bucket(s) that hold the other stacks' remote state, in the account that owns
 * them (`aws.stateAccountId`); an environment in another account may use only its own key prefix
 * (`<project>/<env>/`), granted by the bucket policy. Its own state is local (a bucket cannot hold the
 * state of its own creation): `terraform.state-bootstrap.tfstate` at the project root (see README).
 */
export class StateBootstrapStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: StateBootstrapStackProps) {
    super(scope, id);
    const environments = props.environments;
    const regions = [...new Set(environments.map((e) => e.aws.stateRegion))];
    const owners = [...new Set(environments.map((e) => e.aws.stateAccountId ?? e.aws.accountId))];
    const v = new Validator("StateBootstrapStack props", this.node.path);
    if (regions.length !== 1) v.fail("environments[].aws.stateRegion", "one region shared by every environment (one bootstrap stack per region)", regions);
    if (owners.length !== 1) {
      v.fail("environments[].aws.stateAccountId", "one account that owns the state buckets (set aws.stateAccountId when environments live in several accounts)", owners);
    }
    v.throwIfInvalid();
    const owner = owners[0];

    // Relative to the stack's working directory (cdktf.out/stacks/<id>): the project root, never
    // an absolute path, so synth output does not depend on the checkout location.
    new LocalBackend(this, { path: `../../../terraform.${id}.tfstate` });
    new AwsProvider(this, "aws", {
      region: regions[0],
      allowedAccountIds: [owner],
      defaultTags: [{ tags: { ...defaultTags(environments[0]), Environment: "shared" } }],
    });

    const names = [...new Set(environments.map((e) => e.aws.stateBucket))].sort();
    for (const bucketName of names) {
      const accountAccess: StateBucketAccountAccess[] = environments
        .filter((e) => e.aws.stateBucket === bucketName && e.aws.accountId !== owner)
        .map((e) => ({ accountId: e.aws.accountId, keyPrefix: environmentStatePrefix(e.project.name, e.environment) }));
      const bucket = new StateBucket(this, `StateBucket-${bucketName}`, {
        bucketName,
        accountAccess: accountAccess.length > 0 ? accountAccess : undefined,
      });
      new TerraformOutput(this, `state_bucket_${bucketName.replace(/[^A-Za-z0-9]/g, "_")}`, { value: bucket.bucketName });
    }
    // Shared by every environment, so held to the strictest one.
    applyRulePack(this, { environment: "prod" });
    // Bucket names are global: another stack of the app creating one of these is refused at synth.
    checkAccountGlobalNames(this);
    // Applied by hand, once per environment added, with the state account's credentials; the
    // workflow's roles live in the environments' accounts and need the bucket to exist already.
    deployManually(
      this,
      "It creates the bucket that holds every other stack's state, so it exists before any workflow run; " +
        "apply it by hand with the state account's credentials (npx cdktf deploy state-bootstrap), again after adding an environment (docs/deploying.md).",
    );
    checkDeployOrder(this);
  }
}
