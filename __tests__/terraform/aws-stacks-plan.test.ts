import { ENVIRONMENTS, loadConfig } from "../../config/load";
import { validatePolicyStatements } from "../../modules/core/policy/policy-statement";
import { Validator } from "../../modules/core/validation";
import { awsRegionalStacks } from "../../stacks/regions";
import { describeWithTerraform, PLAN_TIMEOUT_MS, planResults, plannedStack, type PlanResults } from "./harness";
import { PLANNED_STACKS, POLICY_VARIABLES } from "./planned-stacks";

describeWithTerraform()("Terraform init and plan (offline, aws 5.100.0)", () => {
  let all: PlanResults;
  // The run's one plan batch (./harness.ts): this suite starts first, so it usually runs it.
  beforeAll(async () => {
    all = await planResults();
    if (all.error) throw new Error(`the plan batch could not run: ${all.error}`);
    process.stderr.write(
      `Terraform: providers from ${all.providers}; ${all.batched.length} stacks planned as one configuration` +
        `${all.fallback ? ` (fell back to one plan per stack: ${all.fallback})` : ""}, ${Object.keys(all.runs).length - all.batched.length} alone; ` +
        `${Object.keys(all.changes).length} change(s) planned over an applied state in the same terraform test\n`,
    );
  }, PLAN_TIMEOUT_MS);

  it("plans every AWS stack the app synthesizes, the examples and every stack of planned-stacks.ts", () => {
    const awsStacks = ENVIRONMENTS.flatMap((e) => awsRegionalStacks(loadConfig(e)).map((r) => r.stackId));
    const planned = [...awsStacks, "state-bootstrap", ...PLANNED_STACKS.map((s) => s.name)];
    expect(Object.keys(all.runs)).toEqual(expect.arrayContaining(planned));
    expect(planned).toEqual(expect.arrayContaining(["example-orders-api", "example-order-pipeline", "example-orders-service", "alias-triggers", "example-web-app"]));
    // A stack the provider must reject is planned through `npm run plan` (__tests__/scripts/plan.test.ts).
    for (const name of Object.keys(all.runs).filter((n) => n !== "policy-variables")) {
      const r = all.runs[name];
      process.stdout.write(`terraform plan ${name}: ${r.ok ? r.planLine : `FAILED at ${r.failedStep}`}\n`);
      if (!r.ok) process.stdout.write(r.output);
      expect({ stack: name, failedStep: r.failedStep }).toEqual({ stack: name, failedStep: undefined });
      expect(r.planLine).toMatch(/^Plan: [1-9]\d* to add, 0 to change, 0 to destroy\.$/);
    }
  });

  it("HttpApi with $default and a Lambda authorizer: the authorizer, both routes and the three invoke permissions are created", async () => {
    const run = await plannedStack("example-web-app");
    if (!run.ok) process.stdout.write(run.output);
    expect({ failedStep: run.failedStep }).toEqual({ failedStep: undefined });
    expect(run.planLine).toMatch(/^Plan: [1-9]\d* to add, 0 to change, 0 to destroy\.$/);
    for (const address of [
      "aws_apigatewayv2_authorizer.Api_LambdaAuthorizer_",
      "aws_apigatewayv2_route.Api_Route-default-",
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

  it("IAM policy variables: &{aws:username} passes validation and is written as ${aws:username} in the policy JSON", async () => {
    const v = new Validator("test", "policy-variables");
    validatePolicyStatements(v, "policyStatements", [POLICY_VARIABLES]);
    expect(v.ok).toBe(true);
    const run = await plannedStack("policy-variables");
    expect(run.failedStep).toBeUndefined();
    expect(run.ok).toBe(true);
    expect(run.planLine).toBeUndefined(); // a data source and an output: no resource changes
    expect(run.output).toContain("Changes to Outputs:");
    expect(run.output).toMatch(/Resource += "arn:aws:s3:::home\/\$\{aws:username\}\/\*"/);
    expect(run.output).toContain('"aws:PrincipalTag/team" = "${aws:PrincipalTag/team}"');
  });
});
