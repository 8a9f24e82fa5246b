import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { checkAgainstStack, stackContext } from "../../../modules/core/stack-context";
import { Validator } from "../../../modules/core/validation";

describe("stackContext: the stack's default provider of each cloud", () => {
  test("with one cloud asked, only that cloud's context; both without", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    new GoogleProvider(stack, "google", { project: "acme-svc-dev", region: "europe-west1" });
    expect(Object.keys(stackContext(stack, "aws"))).toEqual(["aws"]);
    expect(Object.keys(stackContext(stack, "google"))).toEqual(["google"]);
    expect(Object.keys(stackContext(stack))).toEqual(["aws", "google"]);
  });

  test("the first unaliased provider in construct order, however deep; aliased ones are not the default", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    new AwsProvider(stack, "east", { region: "us-east-1", alias: "east" });
    const nested = new Construct(new Construct(stack, "A"), "B");
    new AwsProvider(nested, "aws", { region: "eu-west-1" });
    new AwsProvider(stack, "later", { region: "eu-central-1" });
    expect(stackContext(new Construct(stack, "Fn"), "aws").aws?.region).toBe("eu-west-1");
  });

  test("a stack without the cloud's provider has no context for it", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    new GoogleProvider(stack, "google", { project: "acme-svc-dev", region: "europe-west1" });
    expect(stackContext(stack, "aws")).toEqual({});
  });

  test("checkAgainstStack checks a construct created before its provider again at synth", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const early = new Construct(stack, "Early");
    const seen: (string | undefined)[] = [];
    checkAgainstStack(new Validator("X", early.node.path), early, "aws", "X props", (_v, { aws }) => void seen.push(aws?.region));
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    expect(early.node.validate()).toEqual([]);
    expect(seen).toEqual([undefined, "eu-west-1"]);
  });
});
