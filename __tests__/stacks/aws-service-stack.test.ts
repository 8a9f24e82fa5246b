import { Testing } from "cdktf";
import { ENVIRONMENTS, loadConfig, type EnvironmentName } from "../../config/load";
import { AwsServiceStack } from "../../stacks/aws-service-stack";

type Json = Record<string, any>;

function synth(env: EnvironmentName): { json: string; tf: Json } {
  const stack = new AwsServiceStack(Testing.app(), `aws-${env}`, { config: loadConfig(env) });
  const json = Testing.synth(stack, true);
  return { json, tf: JSON.parse(json) };
}

const resources = (tf: Json, type: string): Json[] => Object.values(tf.resource?.[type] ?? {});

describe.each(ENVIRONMENTS)("aws-%s", (env) => {
  const { json, tf } = synth(env);
  const config = loadConfig(env);

  it("matches the reviewed snapshot", () => {
    expect(json).toMatchSnapshot();
  });

  it("keeps state in S3 with native locking and a key per project, environment and stack", () => {
    expect(tf.terraform.backend.s3).toEqual({
      bucket: config.aws.stateBucket,
      region: config.aws.stateRegion,
      key: `svc/${env}/aws-${env}.tfstate`,
      encrypt: true,
      use_lockfile: true,
    });
    expect(tf.terraform.backend.s3.dynamodb_table).toBeUndefined();
  });

  it("pins the provider to the environment's account and sets the default tags", () => {
    const [provider] = tf.provider.aws;
    expect(provider.allowed_account_ids).toEqual([config.aws.accountId]);
    expect(provider.region).toBe(config.aws.region);
    expect(provider.default_tags[0].tags).toEqual({ Project: "svc", Environment: env, ManagedBy: "cdktf", Owner: "platform-team" });
  });

  it("routes GET /hello and the users CRUD to their own functions", () => {
    const routes = resources(tf, "aws_apigatewayv2_route").map((r) => r.route_key).sort();
    expect(routes).toEqual(["DELETE /users/{id}", "GET /hello", "GET /users", "GET /users/{id}", "POST /users", "PUT /users/{id}"]);
    expect(resources(tf, "aws_lambda_permission").filter((p) => p.principal === "apigateway.amazonaws.com")).toHaveLength(6);
  });

  it("gives each data function exactly one DynamoDB action, on the users table only", () => {
    const docs = Object.values(tf.data.aws_iam_policy_document as Json)
      .map((doc) => (doc.statement as Json[]).filter((s) => s.sid?.startsWith("Code")))
      .filter((statements) => statements.length > 0);
    // five users CRUD functions and the nightly report
    expect(docs).toHaveLength(6);
    for (const statements of docs) {
      expect(statements).toHaveLength(1);
      expect(statements[0].actions).toHaveLength(1);
      expect(statements[0].actions[0]).toMatch(/^dynamodb:(Scan|GetItem|PutItem|UpdateItem|DeleteItem)$/);
      expect(statements[0].resources).toEqual(["${aws_dynamodb_table.UsersTable.arn}"]);
    }
  });

  it(config.aws.vpc === undefined ? "runs functions outside any VPC" : "runs every function in the VPC behind one egress-only security group", () => {
    const functions = resources(tf, "aws_lambda_function");
    expect(functions).toHaveLength(7);
    if (config.aws.vpc === undefined) {
      for (const f of functions) expect(f.vpc_config).toBeUndefined();
      expect(resources(tf, "aws_security_group")).toHaveLength(0);
    } else {
      for (const f of functions) expect(f.vpc_config.subnet_ids).toEqual(config.aws.vpc!.subnetIds);
      expect(resources(tf, "aws_security_group")).toHaveLength(1);
      expect(resources(tf, "aws_vpc_security_group_ingress_rule")).toHaveLength(0);
    }
  });

  it("gives the asynchronously invoked report a dead-letter queue where the environment asks for one", () => {
    const queues = resources(tf, "aws_sqs_queue");
    expect(queues).toHaveLength(config.aws.functions.deadLetterQueue ? 1 : 0);
    for (const q of queues) {
      expect(q.sqs_managed_sse_enabled).toBe(true);
      expect(q.message_retention_seconds).toBe(1209600);
    }
  });
});

describe("deletion protection follows the protected trait, not the environment's name", () => {
  test.each([
    ["prod", false],
    ["dev", true],
  ] as const)("%s config with protected: %p: the users table", (env, value) => {
    const stack = new AwsServiceStack(Testing.app(), "aws-traits", { config: { ...loadConfig(env), protected: value } });
    const tables = resources(JSON.parse(Testing.synth(stack)), "aws_dynamodb_table");
    expect(tables.map((t) => t.deletion_protection_enabled)).toEqual([value]);
  });
});
