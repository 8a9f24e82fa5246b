import { App, TerraformStack } from "cdktf";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { ServerlessFunction } from "../modules/aws";
import { CloudRunService } from "../modules/gcp";

/** A stack written from the public API without a backend still synthesizes no checkout path. */
describe("a stack without a backend, built from the public constructs", () => {
  // Inside the project, as cdktf.out is.
  mkdirSync(join(process.cwd(), ".tmp"), { recursive: true });
  const outdir = mkdtempSync(join(process.cwd(), ".tmp", "no-backend-"));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it.each([
    [
      "aws",
      (stack: TerraformStack) => {
        new AwsProvider(stack, "aws", { region: "eu-west-1" });
        new ServerlessFunction(stack, "Fn", { functionName: "fn", codeDirectory: join(__dirname, "fixtures", "code") });
      },
    ],
    [
      "gcp",
      (stack: TerraformStack) => {
        new GoogleProvider(stack, "google", { project: "acme-svc-dev", region: "europe-west1" });
        new CloudRunService(stack, "Web", { serviceName: "web", location: "europe-west1", image: "europe-west1-docker.pkg.dev/p-123456/r/web:1" });
      },
    ],
  ])("%s: its local state path is relative, not this checkout's absolute path", (name, build) => {
    const app = new App({ outdir });
    build(new TerraformStack(app, name));
    app.synth();
    const text = readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8");
    expect(text).not.toContain(process.cwd());
    expect(JSON.parse(text).terraform.backend.local.path).toBe(`../../../../terraform.${name}.tfstate`);
  });
});
