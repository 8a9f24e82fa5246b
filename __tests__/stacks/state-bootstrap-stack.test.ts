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

  it("refuses environments whose state buckets live in different regions", () => {
    const moved = { ...environments[2], aws: { ...environments[2].aws, stateRegion: "us-east-1" } };
    expect(() => new StateBootstrapStack(Testing.app(), "state-bootstrap", { environments: [environments[0], moved] })).toThrow(ValidationError);
    expect(() => new StateBootstrapStack(Testing.app(), "state-bootstrap", { environments: [environments[0], moved] })).toThrow(
      /state-bootstrap\] environments\[\]\.aws\.stateRegion: must be one region shared by every environment.*received \["eu-west-1","us-east-1"\]/,
    );
  });
});
