import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing } from "cdktf";
import { ServerlessFunction } from "../../../modules/aws";
import * as bundling from "../../../modules/core/packaging/bundle";
import { bundleEntry } from "../../../modules/core/packaging/bundle";
import { ENTRY, OTHER_ENTRY, newStack, resources, validationError, type Json } from "./support";

describe("function packages: one esbuild run per app", () => {
  let runs: jest.SpyInstance;
  beforeEach(() => {
    runs = jest.spyOn(bundling, "bundleEntries");
  });
  afterEach(() => runs.mockRestore());

  const esbuildRuns = () => runs.mock.calls.length;

  test("bundles every entry of the app together, once, whatever the number of functions", () => {
    const stack = newStack();
    for (let i = 0; i < 6; i++) {
      new ServerlessFunction(stack, `Fn${i}`, { functionName: `fn-${i}`, entry: i % 2 === 0 ? ENTRY : OTHER_ENTRY });
    }
    expect(esbuildRuns()).toBe(0); // nothing is bundled while constructs are built
    const json: Json = JSON.parse(Testing.synth(stack));
    expect(esbuildRuns()).toBe(1);
    expect(runs.mock.calls[0][0]).toHaveLength(2); // the two distinct entries, in one run
    const hashes = new Set(Object.values(resources(json, "aws_lambda_function")).map((f: Json) => f.source_code_hash));
    expect(hashes.size).toBe(2); // two entries, two packages, shared by three functions each
  });

  test("gives each entry the bytes it gets when bundled alone", () => {
    const stack = newStack();
    const a = new ServerlessFunction(stack, "A", { functionName: "a", entry: ENTRY });
    new ServerlessFunction(stack, "B", { functionName: "b", entry: OTHER_ENTRY });
    const alone = bundleEntry({ entry: ENTRY, target: "node22", externalModules: ["@aws-sdk/*"] });
    const { deterministicZip } = jest.requireActual("../../../modules/core/packaging/deterministic-zip");
    expect(a.codePackage!.sourceCodeHash).toBe(deterministicZip([{ path: "index.js", data: alone.code }]).sha256Base64);
  });
});

describe("function packages: a broken entry", () => {
  const work = mkdtempSync(join(tmpdir(), "broken-entry-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test("is refused at synth, naming every function that uses it and esbuild's message", () => {
    const broken = join(work, "broken.ts");
    writeFileSync(broken, "export const handler = async () => { return ;; }} // unbalanced\n");
    const stack = newStack();
    new ServerlessFunction(stack, "Good", { functionName: "good", entry: ENTRY });
    new ServerlessFunction(stack, "Bad1", { functionName: "bad-1", entry: broken });
    new ServerlessFunction(stack, "Bad2", { functionName: "bad-2", entry: broken });
    const e = validationError(() => Testing.synth(stack));
    expect(e.problems.map((p) => p.path)).toEqual(["stack/Bad1", "stack/Bad2"]);
    expect(e.message).toMatch(/\[stack\/Bad1\] entry: must be a file esbuild can bundle; received ".*broken\.ts \(.*broken\.ts:1: /);
  });
});
