import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { join } from "node:path";
import { HttpApi, LambdaLayer, ServerlessFunction } from "../../modules/aws";

/**
 * An example written only from the public API (DESIGN.md): one function in a VPC with a layer,
 * least-privilege read access to one DynamoDB table and tags, behind an HTTP API route `GET /orders/{id}`. The tests
 * synthesize it and run Terraform init, validate and plan on it.
 */
export class OrdersApiStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: "eu-west-1" });

    const layer = new LambdaLayer(this, "Util", { layerName: "orders-util", directory: join(__dirname, "layer") });
    const orders = new ServerlessFunction(this, "Orders", {
      functionName: "orders-get",
      entry: join(__dirname, "handler", "index.ts"),
      memorySize: 512,
      timeout: 15,
      environment: { ORDERS_TABLE: "orders" },
      vpc: { subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"], vpcId: "vpc-0123456789abcdef0" },
      layers: [layer],
      policyStatements: [{ actions: ["dynamodb:GetItem"], resources: ["arn:aws:dynamodb:eu-west-1:111111111111:table/orders"] }],
      tags: { Service: "orders" },
    });
    const api = new HttpApi(this, "Api", {
      apiName: "orders-api",
      routes: [{ method: "GET", path: "/orders/{id}", target: orders, authorization: "AWS_IAM" }],
    });
    new TerraformOutput(this, "url", { value: api.url });
  }
}
