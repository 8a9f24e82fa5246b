import { Testing } from "cdktf";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WebAppStack } from "../../examples/web-app/stack";
import { findProviderMirror, findTerraform, initValidatePlanAll, prepareOfflineCopy, writeCliConfig, type TerraformRun } from "./harness";

// The HttpApi's $default route and Lambda REQUEST authorizer, as the provider sees them: a stack
// written from the public API (examples/web-app) through init, validate and plan, offline.

const terraform = findTerraform();
const mirror = findProviderMirror();
if (!terraform && process.env.CI) throw new Error("terraform is required in CI for the validate/plan tests");
const describeWithTerraform = terraform ? describe : describe.skip;

describeWithTerraform("Terraform plan of an HttpApi with $default and a Lambda authorizer (offline, aws 5.100.0)", () => {
  const cleanup: string[] = [];
  let run: TerraformRun;

  beforeAll(async () => {
    const workRoot = mkdtempSync(join(tmpdir(), "cdktf-serverless-tf-httpapi-"));
    const outdir = Testing.fullSynth(new WebAppStack(Testing.app(), "example-web-app"));
    cleanup.push(workRoot, outdir);
    const dir = prepareOfflineCopy(join(outdir, "stacks", "example-web-app"), workRoot);
    [run] = await initValidatePlanAll(terraform!, [dir], writeCliConfig(workRoot, mirror));
  });
  afterAll(() => cleanup.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it("validates and plans: the authorizer, both routes and the three invoke permissions are created", () => {
    if (!run.ok) process.stdout.write(run.output);
    expect({ failedStep: run.failedStep }).toEqual({ failedStep: undefined });
    expect(run.planLine).toMatch(/^Plan: [1-9]\d* to add, 0 to change, 0 to destroy\.$/);
    for (const address of [
      "aws_apigatewayv2_authorizer.Api_LambdaAuthorizer_",
      'aws_apigatewayv2_route.Api_Route-default-',
      "aws_apigatewayv2_route.Api_Route-ANY_api_proxy-",
      "aws_lambda_permission.Api_AuthorizerInvokePermission_",
    ]) {
      expect(run.output).toContain(`# ${address}`);
    }
    expect(run.output).toMatch(/route_key\s+= "\$default"/);
    expect(run.output).toMatch(/authorizer_type\s+= "REQUEST"/);
    expect(run.output).toMatch(/authorizer_payload_format_version\s+= "2\.0"/);
    expect((run.output.match(/# aws_lambda_permission\.\S+ will be created/g) ?? []).length).toBe(3);
  });
});
