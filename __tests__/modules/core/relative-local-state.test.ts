import { App, LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { useRelativeLocalState } from "../../../modules/core/relative-local-state";

describe("useRelativeLocalState", () => {
  const outdir = mkdtempSync(join(tmpdir(), "relative-state-"));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  const synth = (build: (stack: TerraformStack) => void) => {
    const app = new App({ outdir });
    const stack = new TerraformStack(app, "probe");
    new TerraformOutput(stack, "x", { value: "y" });
    build(stack);
    app.synth();
    return JSON.parse(readFileSync(join(outdir, "stacks", "probe", "cdk.tf.json"), "utf8")).terraform.backend.local.path as string;
  };

  it("turns cdktf's default absolute local state path into the same file, relative to the stack's folder", () => {
    const path = synth((stack) => useRelativeLocalState(stack));
    expect(isAbsolute(path)).toBe(false);
    expect(resolve(outdir, "stacks", "probe", path)).toBe(join(process.cwd(), "terraform.probe.tfstate"));
  });

  it("leaves a path the stack chose itself alone", () => {
    expect(synth((stack) => {
      new LocalBackend(stack, { path: "/var/state/probe.tfstate" });
      useRelativeLocalState(stack);
    })).toBe("/var/state/probe.tfstate");
  });

  it("is what cdktf would write without it: an absolute path of this checkout", () => {
    expect(synth(() => undefined)).toBe(join(process.cwd(), "terraform.probe.tfstate"));
  });
});

describe("useRelativeLocalState with the rule pack", () => {
  const outdir = mkdtempSync(join(tmpdir(), "relative-state-pack-"));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it("is applied before the pack renders the stack, whichever was added first", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { applyRulePack } = require("../../../modules/core/rule-pack") as typeof import("../../../modules/core/rule-pack");
    const app = new App({ outdir });
    const stack = new TerraformStack(app, "packed");
    new TerraformOutput(stack, "x", { value: "y" });
    applyRulePack(stack, { environment: "dev", log: () => undefined });
    useRelativeLocalState(stack);
    app.synth();
    const path = JSON.parse(readFileSync(join(outdir, "stacks", "packed", "cdk.tf.json"), "utf8")).terraform.backend.local.path;
    expect(isAbsolute(path)).toBe(false);
  });
});
