import { Testing } from "cdktf";
import { unzipSync } from "fflate";
import { createHash } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { OrdersApiStack } from "../../examples/orders-api/stack";

type Json = Record<string, any>;

/** The example written only from DESIGN.md's public API synthesizes exactly what it declares. */
describe("examples/orders-api", () => {
  const stack = new OrdersApiStack(Testing.app(), "orders");
  const outdir = Testing.fullSynth(stack);
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));
  const dir = join(outdir, "stacks", "orders");
  const tf: Json = JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8"));
  const one = (type: string): Json => {
    const all = Object.values(tf.resource[type] ?? {}) as Json[];
    expect(all).toHaveLength(1);
    return all[0];
  };

  it("declares the function as given, in the VPC, with the layer and tags", () => {
    const fn = one("aws_lambda_function");
    expect(fn).toMatchObject({
      function_name: "orders-get",
      memory_size: 512,
      timeout: 15,
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      environment: { variables: { ORDERS_TABLE: "orders" } },
      vpc_config: { subnet_ids: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"] },
      tags: { Service: "orders" },
    });
    expect(fn.layers).toEqual([expect.stringMatching(/^\$\{aws_lambda_layer_version\.[^.]+\.arn\}$/)]);
    expect(fn.vpc_config.security_group_ids).toEqual([expect.stringMatching(/^\$\{aws_security_group\.[^.]+\.id\}$/)]);
    expect(one("aws_security_group").vpc_id).toBe("vpc-0123456789abcdef0");
  });

  it("has a correct zip hash and a small bundle of JavaScript", () => {
    const fn = one("aws_lambda_function");
    const zip = readFileSync(join(dir, fn.filename));
    expect(createHash("sha256").update(zip).digest("base64")).toBe(fn.source_code_hash);
    const files = unzipSync(zip);
    expect(Object.keys(files)).toEqual(["index.js"]);
    expect(files["index.js"].length).toBeLessThan(50 * 1024);
    expect(Buffer.from(files["index.js"]).toString()).toContain('require("@aws-sdk/client-dynamodb")');
  });

  it("grants the code exactly its one action, beside logs and the VPC network interfaces", () => {
    const doc = Object.entries(tf.data.aws_iam_policy_document as Json).find(([name]) => name.includes("PolicyDocument"))![1];
    expect(doc.statement.map((s: Json) => [s.sid, s.actions, s.resources])).toEqual([
      ["WriteOwnLogGroup", ["logs:CreateLogStream", "logs:PutLogEvents"], [expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.[^.]+\.arn\}:\*$/)]],
      ["ManageVpcNetworkInterfaces", expect.arrayContaining(["ec2:CreateNetworkInterface"]), ["*"]],
      ["Code1", ["dynamodb:GetItem"], ["arn:aws:dynamodb:eu-west-1:111111111111:table/orders"]],
    ]);
  });

  it("routes GET /orders/{id} to it with an invoke permission for that route only", () => {
    expect(one("aws_apigatewayv2_route")).toMatchObject({ route_key: "GET /orders/{id}", authorization_type: "AWS_IAM" });
    expect(one("aws_lambda_permission").source_arn).toMatch(/^\$\{aws_apigatewayv2_api\.[^.]+\.execution_arn\}\/\*\/GET\/orders\/\{id\}$/);
  });
});
