import { Testing } from "cdktf";
import { ENVIRONMENTS, loadConfig } from "../../config/load";
import { ValidationError } from "../../modules/core/validation";
import { StateBootstrapStack } from "../../stacks/state-bootstrap-stack";

describe("state-bootstrap", () => {
  const environments = ENVIRONMENTS.map(loadConfig);

  it("matches the reviewed snapshot", () => {
    // An added environment adds its own grant (checked below for every environment); the snapshot stays the shipped files'.
    const shipped = environments.filter((e) => ["dev", "stg", "prod"].includes(e.environment));
    const stack = new StateBootstrapStack(Testing.app(), "state-bootstrap", { environments: shipped });
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
    const expected = environments
      .filter((e) => e.aws.accountId !== "444444444444")
      .flatMap((e) => [
        [`arn:aws:iam::${e.aws.accountId}:root`, "<bucket>"],
        [`arn:aws:iam::${e.aws.accountId}:root`, `<bucket>/svc/${e.environment}/*`],
      ]);
    expect(expected.length).toBeGreaterThan(0);
    expect(grants.map((s) => [s.principals[0].identifiers[0], s.resources[0].replace(/^\$\{[^}]+\}/, "<bucket>")])).toEqual(expected);
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
      `environments[].aws.stateAccountId: must be one account that owns the state buckets (set aws.stateAccountId when environments live in several accounts); received ${JSON.stringify([...new Set(environments.map((e) => e.aws.accountId))])}`,
    );
  });

  it("refuses environments whose state buckets live in different regions", () => {
    const last = environments[environments.length - 1];
    const moved = { ...last, aws: { ...last.aws, stateRegion: "us-east-1" } };
    expect(() => new StateBootstrapStack(Testing.app(), "state-bootstrap", { environments: [environments[0], moved] })).toThrow(ValidationError);
    expect(() => new StateBootstrapStack(Testing.app(), "state-bootstrap", { environments: [environments[0], moved] })).toThrow(
      /state-bootstrap\] environments\[\]\.aws\.stateRegion: must be one region shared by every environment.*received \["eu-west-1","us-east-1"\]/,
    );
  });
});
