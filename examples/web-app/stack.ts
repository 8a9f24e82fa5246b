import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { join } from "node:path";
import { EcrRepository, HttpApi, ServerlessFunction } from "../../modules/aws";

/** SHA-256 of the example's one API key (`example-key`), per client; the key itself is never in the stack. */
export const API_KEY_SHA256 = "partner=c018c41c1afaf2c0b66c64f97d0ee135657b699ad260f299234cd40a5d625e0e";

/**
 * An example written only from the public API (DESIGN.md): a web app in a container image (Next.js
 * with the Lambda Web Adapter, say) behind an HTTP API's `$default` catch-all route, its `/api/...`
 * routes behind a Lambda REQUEST authorizer that checks an API key. The tests synthesize it and run
 * Terraform init, validate and plan on it.
 */
export class WebAppStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: "eu-west-1" });

    const images = new EcrRepository(this, "Images", { name: "web-app" });
    const web = new ServerlessFunction(this, "Web", {
      functionName: "web-app",
      imageUri: `${images.repositoryUrl}:1.0.0`,
      // The image is built for amd64: an image function states its architecture.
      architecture: "x86_64",
      memorySize: 1024,
      timeout: 30,
      // The Lambda Web Adapter forwards each event to the app's HTTP server on this port.
      environment: { AWS_LWA_PORT: "3000" },
    });
    const authorizer = new ServerlessFunction(this, "ApiKeyAuthorizer", {
      functionName: "web-app-api-key-authorizer",
      entry: join(__dirname, "authorizer", "index.ts"),
      memorySize: 256,
      timeout: 5,
      environment: { API_KEY_SHA256 },
    });

    const api = new HttpApi(this, "Api", {
      apiName: "web-app",
      lambdaAuthorizer: {
        function: authorizer,
        identitySources: ["$request.header.x-api-key"],
        // A key's decision holds for every /api route: it does not depend on the route.
        resultTtlSeconds: 300,
      },
      routes: [{ method: "ANY", path: "/api/{proxy+}", target: web, authorization: "LAMBDA" }],
      // Pages are public; everything that is not /api/... goes to the app as it is.
      defaultRoute: { target: web, authorization: "NONE" },
    });
    new TerraformOutput(this, "url", { value: api.url });
  }
}
