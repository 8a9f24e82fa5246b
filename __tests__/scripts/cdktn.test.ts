import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { CDK_TERRAIN, compareOutputs, PLANS_SKIPPED, RUNTIME_SUITES, switchToCdkTerrain } from "../../scripts/cdktn";

const ROOT = join(__dirname, "..", "..");

describe("npm run test:cdktn: the switch and the comparison (the install and the suite run in CI)", () => {
  test("package.json: the cdktf alias, constructs 10.6, every provider's cdktf overridden, the cdktn CLI; nothing else changes", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    const switched = switchToCdkTerrain(pkg);
    expect(switched.dependencies).toEqual({ ...pkg.dependencies, cdktf: "npm:cdktn@0.24.0", constructs: CDK_TERRAIN.constructs });
    expect(CDK_TERRAIN.constructs).toMatch(/^10\.6\.\d+$/);
    expect(switched.overrides).toEqual({ "@cdktf/provider-aws": { cdktf: "$cdktf" }, "@cdktf/provider-google": { cdktf: "$cdktf" }, "@cdktf/provider-tfe": { cdktf: "$cdktf" } });
    expect(switched.devDependencies).toEqual({ ...pkg.devDependencies, "cdktf-cli": "npm:cdktn-cli@0.24.0" });
    expect(switched.scripts).toEqual(pkg.scripts);
  });

  test("the suites it runs again on CDK Terrain exist (a moved suite must be moved in the list too)", () => {
    expect(RUNTIME_SUITES.filter((path) => !existsSync(join(ROOT, path)))).toEqual([]);
  });

  test("step 5 plans nothing (step 4 compared what npm test plans): the plan tests skip, saying why, and the batch refuses to run", async () => {
    const before = process.env.CDKTF_SERVERLESS_PLANS_SKIPPED;
    const stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      process.env.CDKTF_SERVERLESS_PLANS_SKIPPED = PLANS_SKIPPED;
      let harness!: typeof import("../terraform/harness");
      jest.isolateModules(() => {
        harness = require("../terraform/harness");
      });
      expect(harness.hasTerraform).toBe(false);
      expect(harness.describeWithTerraform()).toBe(describe.skip);
      expect(stderr).toHaveBeenCalledWith(expect.stringContaining(`SKIPPED: Terraform plan tests: ${PLANS_SKIPPED}.`));
      await expect(harness.plannedStack("aws-dev")).rejects.toThrow(`this run plans nothing: ${PLANS_SKIPPED}`);
    } finally {
      stderr.mockRestore();
      if (before === undefined) delete process.env.CDKTF_SERVERLESS_PLANS_SKIPPED;
      else process.env.CDKTF_SERVERLESS_PLANS_SKIPPED = before;
    }
  });

  describe("compareOutputs", () => {
    const work = mkdtempSync(join(tmpdir(), "cdktn-compare-"));
    afterAll(() => rmSync(work, { recursive: true, force: true }));
    let n = 0;
    const out = (files: Record<string, string>): string => {
      const dir = join(work, String(n++));
      for (const [f, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, f)), { recursive: true });
        writeFileSync(join(dir, f), text);
      }
      return dir;
    };
    const stack = (version: string, memory = 256) => JSON.stringify({ "//": { metadata: { version, stackName: "s" } }, resource: { aws_lambda_function: { f: { memory_size: memory } } } }, null, 2);

    test("equal but for the version string, and a manifest that differs only in layout", () => {
      const a = out({ "manifest.json": '{\n  "version": "0.21.0",\n  "stacks": {\n    "s": {\n      "dependencies": [\n      ]\n    }\n  }\n}', "stacks/s/cdk.tf.json": stack("0.21.0") });
      const b = out({ "manifest.json": '{\n  "version": "0.24.0",\n  "stacks": {\n    "s": {\n      "dependencies": []\n    }\n  }\n}', "stacks/s/cdk.tf.json": stack("0.24.0") });
      expect(compareOutputs(a, b, "0.21.0", "0.24.0")).toEqual({ files: 2, identical: 1, sameJson: ["manifest.json"], differences: [] });
    });

    test("a changed value, a missing file and an extra file are differences", () => {
      const a = out({ "stacks/s/cdk.tf.json": stack("0.21.0"), "stacks/s/old.txt": "x" });
      const b = out({ "stacks/s/cdk.tf.json": stack("0.24.0", 512), "stacks/t/cdk.tf.json": stack("0.24.0") });
      expect(compareOutputs(a, b, "0.21.0", "0.24.0").differences).toEqual([
        `stacks/s/old.txt: only in ${a}`,
        `stacks/t/cdk.tf.json: only in ${b}`,
        "stacks/s/cdk.tf.json: differs",
      ]);
    });

    test("another version value than the runtime's is a difference, not ignored", () => {
      const a = out({ "x.json": '{"version": "0.21.0", "provider": {"version": "5.100.0"}}' });
      const b = out({ "x.json": '{"version": "0.24.0", "provider": {"version": "6.0.0"}}' });
      expect(compareOutputs(a, b, "0.21.0", "0.24.0").differences).toEqual(["x.json: differs"]);
    });
  });
});
