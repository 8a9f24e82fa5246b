import { Testing } from "cdktf";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { APIGatewayRequestAuthorizerEventV2 } from "aws-lambda";
import { handler } from "../../examples/web-app/authorizer";
import { API_KEY_SHA256, WebAppStack } from "../../examples/web-app/stack";

type Json = Record<string, any>;

/** The example written only from DESIGN.md's public API: a $default web app and a Lambda authorizer. */
describe("examples/web-app", () => {
  const stack = new WebAppStack(Testing.app(), "web");
  const outdir = Testing.fullSynth(stack);
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));
  const tf: Json = JSON.parse(readFileSync(join(outdir, "stacks", "web", "cdk.tf.json"), "utf8"));
  const all = (type: string): Json[] => Object.values(tf.resource[type] ?? {});

  it("routes everything to the web app: $default public, /api/... behind the Lambda authorizer", () => {
    const routes = Object.fromEntries(all("aws_apigatewayv2_route").map((r) => [r.route_key, r.authorization_type]));
    expect(routes).toEqual({ $default: "NONE", "ANY /api/{proxy+}": "CUSTOM" });
    expect(all("aws_apigatewayv2_authorizer")).toEqual([
      expect.objectContaining({
        authorizer_type: "REQUEST",
        authorizer_payload_format_version: "2.0",
        enable_simple_responses: true,
        identity_sources: ["$request.header.x-api-key"],
        authorizer_result_ttl_in_seconds: 300,
      }),
    ]);
  });

  it("has exactly three invoke permissions, each scoped to its route or to the authorizer", () => {
    const arns = all("aws_lambda_permission").map((p) => String(p.source_arn).replace(/^\$\{aws_apigatewayv2_api\.[^.]+\.execution_arn\}/, "<api>"));
    expect(arns.sort()).toEqual(["<api>/*/$default", "<api>/*/*/api/{proxy+}", expect.stringMatching(/^<api>\/authorizers\/\$\{aws_apigatewayv2_authorizer\.[^.]+\.id\}$/)].sort());
  });

  describe("the authorizer's handler", () => {
    const event = (headers: Record<string, string>) => ({ headers }) as unknown as APIGatewayRequestAuthorizerEventV2;
    const run = (headers: Record<string, string>) => handler(event(headers));
    beforeAll(() => {
      process.env.API_KEY_SHA256 = API_KEY_SHA256;
    });
    afterAll(() => {
      delete process.env.API_KEY_SHA256;
    });

    it("allows the key whose hash is configured, naming its client", async () => {
      await expect(run({ "x-api-key": "example-key" })).resolves.toEqual({ isAuthorized: true, context: { client: "partner" } });
    });

    it("refuses another key, an empty or missing header", async () => {
      await expect(run({ "x-api-key": "example-key2" })).resolves.toEqual({ isAuthorized: false, context: {} });
      await expect(run({ "x-api-key": "" })).resolves.toEqual({ isAuthorized: false, context: {} });
      await expect(run({})).resolves.toEqual({ isAuthorized: false, context: {} });
    });

    it("ignores malformed configuration entries", async () => {
      process.env.API_KEY_SHA256 = `broken,=abc,x=${"0".repeat(63)},${API_KEY_SHA256}`;
      await expect(run({ "x-api-key": "example-key" })).resolves.toEqual({ isAuthorized: true, context: { client: "partner" } });
      process.env.API_KEY_SHA256 = "";
      await expect(run({ "x-api-key": "example-key" })).resolves.toEqual({ isAuthorized: false, context: {} });
    });
  });
});
