import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformResource, TerraformStack, Testing } from "cdktf";
import { applyPermissionsBoundary, permissionsBoundaryOf } from "../../../../modules/aws/deployer/permissions-boundary-aspect";
import { ServerlessFunction } from "../../../../modules/aws";
import { ValidationError } from "../../../../modules/core/validation";
import { join } from "node:path";

const BOUNDARY = "arn:aws:iam::111111111111:policy/deployer/svc-dev-permissions-boundary";
const TRUST = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "lambda.amazonaws.com" } }] });

function stack(): TerraformStack {
  const s = new TerraformStack(Testing.app(), "svc");
  new AwsProvider(s, "aws", { region: "eu-west-1", allowedAccountIds: ["111111111111"] });
  return s;
}
const roles = (s: TerraformStack) => JSON.parse(Testing.synth(s)).resource.aws_iam_role as Record<string, { name: string; permissions_boundary?: string }>;

describe("applyPermissionsBoundary: every role of the stack carries the environment's boundary", () => {
  it("the constructs' roles and raw IamRoles alike, and any other aws_iam_role resource by override", () => {
    const s = stack();
    applyPermissionsBoundary(s, BOUNDARY);
    new ServerlessFunction(s, "Fn", { functionName: "svc-dev-fn", codeDirectory: join(__dirname, "..", "..", "..", "fixtures", "code") });
    new IamRole(s, "Raw", { name: "svc-dev-raw", assumeRolePolicy: TRUST });
    const generic = new TerraformResource(s, "Generic", { terraformResourceType: "aws_iam_role" });
    generic.addOverride("name", "svc-dev-generic");
    generic.addOverride("assume_role_policy", TRUST);
    const synthesized = Object.values(roles(s));
    expect(synthesized.map((r) => r.name).sort()).toEqual(["svc-dev-fn-role", "svc-dev-generic", "svc-dev-raw"]);
    for (const r of synthesized) expect(r.permissions_boundary).toBe(BOUNDARY);
    expect(permissionsBoundaryOf(s)).toBe(BOUNDARY);
  });

  it("keeps a role that already names the same boundary", () => {
    const s = stack();
    applyPermissionsBoundary(s, BOUNDARY);
    new IamRole(s, "Raw", { name: "svc-dev-raw", assumeRolePolicy: TRUST, permissionsBoundary: BOUNDARY });
    expect(Object.values(roles(s))[0].permissions_boundary).toBe(BOUNDARY);
  });

  it("refuses a role that names another boundary: the deployer could never create it", () => {
    const s = stack();
    applyPermissionsBoundary(s, BOUNDARY);
    new IamRole(s, "Raw", { name: "svc-dev-raw", assumeRolePolicy: TRUST, permissionsBoundary: "arn:aws:iam::111111111111:policy/open" });
    expect(() => Testing.synth(s)).toThrow(ValidationError);
    expect(() => Testing.synth(stackWithOther())).toThrow(/\[svc\/Raw\] permissionsBoundary: must be unset, or the environment's boundary arn:aws:iam::111111111111:policy\/deployer\/svc-dev-permissions-boundary.*received "arn:aws:iam::111111111111:policy\/open"/);
  });

  it("refuses a second, different boundary for the same stack", () => {
    const s = stack();
    applyPermissionsBoundary(s, BOUNDARY);
    applyPermissionsBoundary(s, BOUNDARY);
    expect(() => applyPermissionsBoundary(s, "arn:aws:iam::111111111111:policy/other")).toThrow(/boundaryArn: must be the boundary already applied/);
  });
});

function stackWithOther(): TerraformStack {
  const s = stack();
  applyPermissionsBoundary(s, BOUNDARY);
  new IamRole(s, "Raw", { name: "svc-dev-raw", assumeRolePolicy: TRUST, permissionsBoundary: "arn:aws:iam::111111111111:policy/open" });
  return s;
}
