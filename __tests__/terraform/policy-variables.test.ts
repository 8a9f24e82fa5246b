import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toDocumentStatement, validatePolicyStatements, type PolicyStatement } from "../../modules/core/policy/policy-statement";
import { Validator } from "../../modules/core/validation";
import { findProviderMirror, findTerraform, initValidatePlanAll, prepareOfflineCopy, writeCliConfig } from "./harness";

const terraform = findTerraform();
const describeWithTerraform = terraform ? describe : describe.skip;

/**
 * IAM policy variables are written `&{aws:username}` (Terraform would evaluate `${aws:username}`):
 * real Terraform renders the statements this project writes into `${aws:username}` in the policy.
 */
describeWithTerraform("IAM policy variables through aws_iam_policy_document (terraform plan, offline)", () => {
  const cleanup: string[] = [];
  afterAll(() => cleanup.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it("writes &{aws:username} as ${aws:username} in the policy JSON", async () => {
    const statement: PolicyStatement = {
      actions: ["s3:GetObject"],
      resources: ["arn:aws:s3:::home/&{aws:username}/*"],
      conditions: { StringEquals: { "aws:PrincipalTag/team": "&{aws:PrincipalTag/team}" } },
    };
    const v = new Validator("test", "policy-variables");
    validatePolicyStatements(v, "policyStatements", [statement]);
    expect(v.ok).toBe(true);

    const stack = new TerraformStack(Testing.app(), "policy-variables");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    const document = new DataAwsIamPolicyDocument(stack, "Doc", { statement: [toDocumentStatement(statement, "Code1")] });
    new TerraformOutput(stack, "policy", { value: document.json });
    const outdir = Testing.fullSynth(stack);
    const work = mkdtempSync(join(tmpdir(), "policy-variables-"));
    cleanup.push(outdir, work);
    const dir = prepareOfflineCopy(join(outdir, "stacks", "policy-variables"), work);
    const [run] = await initValidatePlanAll(terraform!, [dir], writeCliConfig(work, findProviderMirror()));
    expect(run.failedStep).toBeUndefined();
    expect(run.output).toMatch(/Resource += "arn:aws:s3:::home\/\$\{aws:username\}\/\*"/);
    expect(run.output).toContain('"aws:PrincipalTag/team" = "${aws:PrincipalTag/team}"');
  }, 120_000);
});
