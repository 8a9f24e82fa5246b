import { Testing } from "cdktf";
import { ENVIRONMENTS, loadConfig } from "../../config/load";
import { ValidationError } from "../../modules/core/validation";
import { StateBootstrapStack } from "../../stacks/state-bootstrap-stack";

describe("state-bootstrap", () => {
  const environments = ENVIRONMENTS.map(loadConfig);

  it("matches the reviewed snapshot", () => {
    const stack = new StateBootstrapStack(Testing.app(), "state-bootstrap", { environments });
    expect(Testing.synth(stack, true)).toMatchSnapshot();
  });

  it("keeps its own state local, at a path relative to its working directory", () => {
    const tf = JSON.parse(Testing.synth(new StateBootstrapStack(Testing.app(), "state-bootstrap", { environments })));
    expect(tf.terraform.backend).toEqual({ local: { path: "../../../terraform.state-bootstrap.tfstate" } });
  });

  it("creates each distinct state bucket once", () => {
    const tf = JSON.parse(Testing.synth(new StateBootstrapStack(Testing.app(), "state-bootstrap", { environments })));
    const buckets = Object.values(tf.resource.aws_s3_bucket).map((b: any) => b.bucket);
    expect(buckets).toEqual([...new Set(environments.map((e) => e.aws.stateBucket))]);
  });

  it("runs only in the account that owns the state bucket", () => {
    const tf = JSON.parse(Testing.synth(new StateBootstrapStack(Testing.app(), "state-bootstrap", { environments })));
    expect(tf.provider.aws[0].allowed_account_ids).toEqual(["444444444444"]);
  });

  it("lets each environment's account use its own prefix of the shared bucket, and nothing else", () => {
    const tf = JSON.parse(Testing.synth(new StateBootstrapStack(Testing.app(), "state-bootstrap", { environments })));
    const [policy] = Object.values(tf.data.aws_iam_policy_document) as { statement: { sid: string; principals: { identifiers: string[] }[]; resources: string[] }[] }[];
    const grants = policy.statement.filter((s) => s.sid !== "DenyInsecureTransport");
    expect(grants.map((s) => [s.principals[0].identifiers[0], s.resources[0].replace(/^\$\{[^}]+\}/, "<bucket>")])).toEqual([
      ["arn:aws:iam::111111111111:root", "<bucket>"],
      ["arn:aws:iam::111111111111:root", "<bucket>/svc/dev/*"],
      ["arn:aws:iam::222222222222:root", "<bucket>"],
      ["arn:aws:iam::222222222222:root", "<bucket>/svc/stg/*"],
      ["arn:aws:iam::333333333333:root", "<bucket>"],
      ["arn:aws:iam::333333333333:root", "<bucket>/svc/prod/*"],
    ]);
  });

  it("grants nothing to an environment in the bucket's own account (its IAM policies decide)", () => {
    const local = environments.map((e) => ({ ...e, aws: { ...e.aws, stateAccountId: undefined, accountId: "444444444444" } }));
    const tf = JSON.parse(Testing.synth(new StateBootstrapStack(Testing.app(), "state-bootstrap", { environments: local })));
    const [policy] = Object.values(tf.data.aws_iam_policy_document) as { statement: { sid: string }[] }[];
    expect(policy.statement.map((s) => s.sid)).toEqual(["DenyInsecureTransport"]);
  });

  it("refuses environments in several accounts sharing a bucket without saying which account owns it", () => {
    const noOwner = environments.map((e) => ({ ...e, aws: { ...e.aws, stateAccountId: undefined } }));
    expect(() => new StateBootstrapStack(Testing.app(), "state-bootstrap", { environments: noOwner })).toThrow(
      /environments\[\]\.aws\.stateAccountId: must be one account that owns the state buckets .*received \["111111111111","222222222222","333333333333"\]/,
    );
  });

  it("refuses environments whose state buckets live in different regions", () => {
    const moved = { ...environments[2], aws: { ...environments[2].aws, stateRegion: "us-east-1" } };
    expect(() => new StateBootstrapStack(Testing.app(), "state-bootstrap", { environments: [environments[0], moved] })).toThrow(ValidationError);
    expect(() => new StateBootstrapStack(Testing.app(), "state-bootstrap", { environments: [environments[0], moved] })).toThrow(
      /state-bootstrap\] environments\[\]\.aws\.stateRegion: must be one region shared by every environment.*received \["eu-west-1","us-east-1"\]/,
    );
  });
});
