import { Testing } from "cdktf";
import { loadConfig, validateConfig, type EnvironmentConfig } from "../../config/load";
import { ValidationError } from "../../modules/core/validation";
import { AwsServiceStack } from "../../stacks/aws-service-stack";
import { GcpServiceStack } from "../../stacks/gcp-service-stack";

const onHcp = (env: "dev" | "prod", cloud: EnvironmentConfig["cloud"] = { organization: "acme-platform" }): EnvironmentConfig =>
  validateConfig({ ...loadConfig(env), backend: "cloud", cloud }, `test/${env}`);

describe("HCP Terraform (backend: cloud)", () => {
  it.each([
    ["aws-prod", (c: EnvironmentConfig) => new AwsServiceStack(Testing.app(), "aws-prod", { config: c })],
    ["gcp-prod", (c: EnvironmentConfig) => new GcpServiceStack(Testing.app(), "gcp-prod", { config: c })],
  ])("%s runs in its own named workspace <project>-<stack>, with no other backend and no token", (name, build) => {
    const text = Testing.synth(build(onHcp("prod")));
    const tf = JSON.parse(text);
    expect(tf.terraform.cloud).toEqual({ organization: "acme-platform", workspaces: { name: `svc-${name}` } });
    expect(tf.terraform.backend).toBeUndefined();
    expect(text).not.toMatch(/"token"/);
    expect(text).not.toMatch(/use_lockfile/);
  });

  it("passes the hostname (Terraform Enterprise) and the HCP project through", () => {
    const stack = new AwsServiceStack(Testing.app(), "aws-dev", {
      config: onHcp("dev", { organization: "acme-platform", hostname: "tfe.example.com", project: "serverless" }),
    });
    expect(JSON.parse(Testing.synth(stack)).terraform.cloud).toEqual({
      organization: "acme-platform",
      hostname: "tfe.example.com",
      workspaces: { name: "svc-aws-dev", project: "serverless" },
    });
  });

  it("keeps S3 remote state where the environment does not choose cloud", () => {
    const tf = JSON.parse(Testing.synth(new AwsServiceStack(Testing.app(), "aws-dev", { config: loadConfig("dev") })));
    expect(tf.terraform.cloud).toBeUndefined();
    expect(tf.terraform.backend.s3.key).toBe("svc/dev/aws-dev.tfstate");
  });

  describe("config refusals", () => {
    const refuse = (config: EnvironmentConfig): string => {
      try {
        validateConfig(config, "config/prod");
      } catch (e) {
        if (e instanceof ValidationError) return e.message;
        throw e;
      }
      throw new Error("expected a ValidationError");
    };

    it("refuses backend cloud without an organization", () => {
      expect(refuse({ ...loadConfig("prod"), backend: "cloud" })).toMatch(/\[config\/prod\] cloud\.organization: must be set \(it is required\); received undefined/);
    });

    it("refuses an organization name HCP Terraform cannot have", () => {
      expect(refuse({ ...loadConfig("prod"), backend: "cloud", cloud: { organization: "acme platform!" } })).toMatch(
        /cloud\.organization: must be an HCP Terraform organization name .*received "acme platform!"/,
      );
    });

    it("refuses a cloud section when the backend is not cloud", () => {
      expect(refuse({ ...loadConfig("prod"), cloud: { organization: "acme-platform" } })).toMatch(/cloud: must be unset unless backend is "cloud"/);
    });

    it("refuses an unknown backend", () => {
      expect(refuse({ ...loadConfig("prod"), backend: "consul" as never })).toMatch(/backend: must be one of "remote", "cloud"; received "consul"/);
    });
  });
});
