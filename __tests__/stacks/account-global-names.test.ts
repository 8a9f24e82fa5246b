import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { App, TerraformStack, Testing } from "cdktf";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENVIRONMENTS, loadConfig, type EnvironmentConfig } from "../../config/load";
import { Queue } from "../../modules/aws/queue";
import { checkAccountGlobalNames, globalNames } from "../../stacks/account-global-names";
import { AwsServiceStack } from "../../stacks/aws-service-stack";
import { awsRegionalStacks } from "../../stacks/regions";

const config = loadConfig(ENVIRONMENTS[0]);
const twoRegions: EnvironmentConfig = { ...config, aws: { ...config.aws, additionalRegions: [{ region: "us-east-1" }] } };
const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "lambda.amazonaws.com" } }] });

/** A stack with one role and one bucket, in `account` (and `region`, eu-west-1 by default). */
function plain(app: App, id: string, account: string | undefined, roleName: string, bucket?: string, region = "eu-west-1"): TerraformStack {
  const stack = new TerraformStack(app, id);
  new AwsProvider(stack, "aws", { region, allowedAccountIds: account ? [account] : undefined });
  new IamRole(stack, "Role", { name: roleName, assumeRolePolicy: trust });
  if (bucket) new S3Bucket(stack, "Bucket", { bucket });
  checkAccountGlobalNames(stack);
  return stack;
}

/** Synthesizes the app; returns the error message ("" when it passed) and the stacks written. */
function synthApp(app: App, outdir: string): { error: string; written: string[] } {
  let error = "";
  try {
    app.synth();
  } catch (e) {
    error = (e as Error).message;
  }
  let written: string[] = [];
  try {
    written = readdirSync(join(outdir, "stacks")).sort();
  } catch {
    written = [];
  }
  return { error, written };
}

describe("account-global names across stacks", () => {
  const outdirs: string[] = [];
  const newApp = () => {
    const outdir = mkdtempSync(join(tmpdir(), "global-names-"));
    outdirs.push(outdir);
    return { app: new App({ outdir, stackTraces: false }), outdir };
  };
  afterAll(() => outdirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  test("an environment in two regions: stacks aws-<env> and aws-<env>-<region>, no IAM role name twice, synth passes", () => {
    const { app, outdir } = newApp();
    const regional = awsRegionalStacks(twoRegions);
    expect(regional.map((r) => [r.stackId, r.region, r.nameScope])).toEqual([
      [`aws-${config.environment}`, config.aws.region, config.environment],
      [`aws-${config.environment}-us-east-1`, "us-east-1", `${config.environment}-us-east-1`],
    ]);
    const stacks = regional.map((r) => new AwsServiceStack(app, r.stackId, { config: twoRegions, region: r.region }));
    const [primary, second] = stacks.map((s) => globalNames(s).map((g) => g.name));
    expect(primary.length).toBeGreaterThan(0);
    expect(second).toHaveLength(primary.length);
    expect(primary.filter((n) => second.includes(n))).toEqual([]);
    expect(second.every((n) => n.includes(`svc-${config.environment}-us-east-1-`))).toBe(true);
    expect(synthApp(app, outdir)).toEqual({ error: "", written: regional.map((r) => r.stackId).sort() });
  });

  test("the same environment and region twice (two stacks, same names) is refused, naming both stacks and the role", () => {
    const { app, outdir } = newApp();
    new AwsServiceStack(app, "aws-a", { config });
    new AwsServiceStack(app, "aws-b", { config });
    const { error, written } = synthApp(app, outdir);
    const env = config.environment;
    expect(error).toContain(
      `[aws-a] [account-global-names] IAM role name "svc-${env}-hello-role" is created by two stacks in AWS account ${config.aws.accountId}: aws-a (aws-a/Hello/ExecutionRole/Role) and aws-b (aws-b/Hello/ExecutionRole/Role)`,
    );
    expect(written).toEqual([]);
  });

  test("a region the environment does not declare is refused", () => {
    expect(() => new AwsServiceStack(Testing.app(), "aws-x", { config, region: "ap-south-1" })).toThrow(
      `[aws-x] region: must be one of the regions of config/${config.environment}.ts (${config.aws.region}; add others to aws.additionalRegions); received "ap-south-1"`,
    );
  });

  test("IAM names compare per account and ignoring case; the same role name in two accounts is fine", () => {
    const { app, outdir } = newApp();
    plain(app, "one", "111111111111", "deployer");
    plain(app, "two", "222222222222", "deployer");
    expect(synthApp(app, outdir).error).toBe("");

    const same = newApp();
    plain(same.app, "one", "111111111111", "Deployer");
    plain(same.app, "two", "111111111111", "deployer");
    expect(synthApp(same.app, same.outdir).error).toContain('IAM role name "Deployer" is created by two stacks in AWS account 111111111111: one (one/Role) and two (two/Role)');
  });

  test("S3 bucket names collide across accounts (one namespace per partition)", () => {
    const { app, outdir } = newApp();
    plain(app, "one", "111111111111", "role-one", "acme-shared-artifacts");
    plain(app, "two", "222222222222", "role-two", "acme-shared-artifacts");
    expect(synthApp(app, outdir).error).toContain(
      'S3 bucket name "acme-shared-artifacts" is created by two stacks in the AWS partition (bucket names are global): one (one/Bucket) and two (two/Bucket)',
    );
  });

  test("regional names (tables, queues, functions) collide within one account and region, in one stack or two", () => {
    const table = (stack: TerraformStack, id: string, name: string) => new DynamodbTable(stack, id, { name, hashKey: "pk", attribute: [{ name: "pk", type: "S" }], billingMode: "PAY_PER_REQUEST" });
    const two = newApp();
    table(plain(two.app, "one", "111111111111", "role-one"), "Stock", "inv-stock");
    table(plain(two.app, "two", "111111111111", "role-two"), "Copy", "inv-stock");
    expect(synthApp(two.app, two.outdir)).toEqual({
      error: expect.stringContaining('DynamoDB table name "inv-stock" is created by two stacks in AWS account 111111111111, region eu-west-1: one (one/Stock) and two (two/Copy). Give one of them another name'),
      written: [],
    });

    const apart = newApp();
    table(plain(apart.app, "one", "111111111111", "role-one"), "Stock", "inv-stock");
    table(plain(apart.app, "two", "111111111111", "role-two", undefined, "us-east-1"), "Stock", "inv-stock");
    table(plain(apart.app, "three", "222222222222", "role-three"), "Stock", "inv-stock");
    expect(synthApp(apart.app, apart.outdir)).toEqual({ error: "", written: ["one", "three", "two"] });

    const once = newApp();
    const stack = plain(once.app, "one", undefined, "role-one");
    table(stack, "Stock", "inv-stock");
    table(stack, "Again", "inv-stock");
    expect(synthApp(once.app, once.outdir)).toEqual({
      error: expect.stringContaining(`DynamoDB table name "inv-stock" is created twice in region eu-west-1 of one's account by one: one/Stock and one/Again.`),
      written: [],
    });
  });

  test("a Queue named like a function's dead-letter queue is refused in the stack", () => {
    const { app, outdir } = newApp();
    const stack = new AwsServiceStack(app, "aws-a", { config });
    const dlq = globalNames(stack).find((g) => g.what === "SQS queue name" && g.path.endsWith("/DeadLetterQueue"));
    expect(dlq).toBeDefined();
    new Queue(stack, "Copy", { queueName: dlq!.name });
    const { error, written } = synthApp(app, outdir);
    expect(error).toContain(`SQS queue name "${dlq!.name}" is created twice in AWS account ${config.aws.accountId}, region ${config.aws.region} by aws-a: ${dlq!.path} and aws-a/Copy/Default.`);
    expect(written).toEqual([]);
  });

  test("names Terraform computes, and IAM names of a provider without allowed_account_ids, are not compared", () => {
    const app = Testing.app();
    const stack = plain(app, "one", undefined, "deployer");
    expect(globalNames(stack)).toEqual([]);
    const computed = new TerraformStack(app, "computed");
    new AwsProvider(computed, "aws", { region: "eu-west-1", allowedAccountIds: ["111111111111"] });
    const bucket = new S3Bucket(computed, "Bucket", { bucketPrefix: "x-" });
    new IamRole(computed, "Role", { name: bucket.id, assumeRolePolicy: trust });
    expect(globalNames(computed)).toEqual([]);
  });
});

describe("the state bootstrap's buckets", () => {
  test("a service stack creating a bucket named like a state bucket is refused, naming both", () => {
    const outdir = mkdtempSync(join(tmpdir(), "global-names-bootstrap-"));
    try {
      const app = new App({ outdir, stackTraces: false });
      const { StateBootstrapStack } = jest.requireActual("../../stacks/state-bootstrap-stack") as typeof import("../../stacks/state-bootstrap-stack");
      new StateBootstrapStack(app, "state-bootstrap", { environments: ENVIRONMENTS.map(loadConfig) });
      plain(app, "copycat", "999999999999", "copycat-role", config.aws.stateBucket);
      expect(synthApp(app, outdir).error).toContain(
        `S3 bucket name "${config.aws.stateBucket}" is created by two stacks in the AWS partition (bucket names are global): state-bootstrap (state-bootstrap/StateBucket-${config.aws.stateBucket}/Bucket) and copycat (copycat/Bucket)`,
      );
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
