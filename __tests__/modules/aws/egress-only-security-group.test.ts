import { TerraformVariable } from "cdktf";
import { EgressOnlySecurityGroup, ServerlessFunction } from "../../../modules/aws";
import { CODE_DIR, newStack, only, ref, resolved, resources, synth, validationError } from "./support";

function group(tags?: Record<string, string>) {
  const stack = newStack();
  const construct = new EgressOnlySecurityGroup(stack, "Sg", {
    name: "svc-dev-lambda",
    description: "Egress-only security group of the dev Lambda functions",
    vpcId: "vpc-0a1b2c3d4e5f60001",
    tags,
  });
  return { stack, group: construct, json: synth(stack) };
}

describe("EgressOnlySecurityGroup", () => {
  test("a described security group in the VPC, with no inline rules", () => {
    expect(only(group().json, "aws_security_group")).toEqual({
      name: "svc-dev-lambda",
      description: "Egress-only security group of the dev Lambda functions",
      vpc_id: "vpc-0a1b2c3d4e5f60001",
    });
  });

  test("no ingress rule of any kind", () => {
    const { json } = group();
    expect(resources(json, "aws_vpc_security_group_ingress_rule")).toEqual({});
    expect(resources(json, "aws_security_group_rule")).toEqual({});
    expect(only(json, "aws_security_group")).not.toHaveProperty("ingress");
  });

  test("one described egress rule: all protocols to 0.0.0.0/0", () => {
    expect(only(group().json, "aws_vpc_security_group_egress_rule")).toEqual({
      security_group_id: expect.stringMatching(ref("aws_security_group", "id")),
      description: "Outbound IPv4 traffic to AWS APIs and dependencies",
      ip_protocol: "-1",
      cidr_ipv4: "0.0.0.0/0",
    });
  });

  test("tags on the group and on its rule", () => {
    const tags = { Owner: "platform-team" };
    const { json } = group(tags);
    expect(only(json, "aws_security_group").tags).toEqual(tags);
    expect(only(json, "aws_vpc_security_group_egress_rule").tags).toEqual(tags);
  });

  test("exposes the group id", () => {
    const { stack, group: construct } = group();
    expect(resolved(stack, construct.securityGroupId)).toMatch(ref("aws_security_group", "id"));
  });
});

describe("EgressOnlySecurityGroup validation", () => {
  const BASE = { name: "svc-dev-lambda", description: "Lambda functions", vpcId: "vpc-0a1b2c3d" };
  const RULE_CHARS = /^(.*)letters, digits, spaces and \._\-:\/\(\)#,@\[\]\+=&;\{\}!\$\*/;

  function refused(props: Partial<typeof BASE> & { tags?: Record<string, string> }, prop: string, rule: string | RegExp, received: unknown): void {
    const error = validationError(() => new EgressOnlySecurityGroup(newStack(), "Sg", { ...BASE, ...props }));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ path: "stack/Sg", prop, received });
    expect(error.problems[0].rule).toEqual(typeof rule === "string" ? rule : expect.stringMatching(rule));
    expect(error.message).toContain("Invalid EgressOnlySecurityGroup props at stack/Sg");
  }

  test("an unknown prop (ingress) is refused, not ignored", () => {
    refused({ ingress: [] } as Partial<typeof BASE>, "ingress", "one of the known props (name, description, vpcId, tags)", "an unknown prop");
  });

  test("a bad vpcId is refused", () => {
    refused({ vpcId: "my-vpc" }, "vpcId", "a VPC id (vpc-...)", "my-vpc");
  });

  test("a name starting with sg- is refused (AWS reserves it)", () => {
    refused({ name: "sg-lambda" }, "name", /^1 to 255 .*not starting with sg-/, "sg-lambda");
  });

  test("a name over 255 characters is refused", () => {
    refused({ name: "n".repeat(256) }, "name", /^1 to 255 /, "n".repeat(256));
  });

  test("a description with characters EC2 refuses is refused", () => {
    refused({ description: "Lambda – egress" }, "description", RULE_CHARS, "Lambda – egress");
  });

  test("tag key aws:x is refused", () => {
    refused({ tags: { "aws:x": "v" } }, "tags key", "a key without the reserved prefix aws:", "aws:x");
  });

  test("a vpcId that is a token is skipped", () => {
    const stack = newStack();
    const vpc = new TerraformVariable(stack, "vpc", { type: "string" });
    expect(() => new EgressOnlySecurityGroup(stack, "Sg", { ...BASE, vpcId: vpc.stringValue })).not.toThrow();
  });

  test("a ServerlessFunction named sg-... fails at synth, not at apply, when it creates its group", () => {
    const error = validationError(
      () => new ServerlessFunction(newStack(), "Fn", { functionName: "sg-users", codeDirectory: CODE_DIR, vpc: { subnetIds: ["subnet-0a1b2c3d"], vpcId: "vpc-0a1b2c3d" } }),
    );
    expect(error.problems[0]).toMatchObject({ path: "stack/Fn/SecurityGroup", prop: "name", received: "sg-users-lambda" });
  });
});
