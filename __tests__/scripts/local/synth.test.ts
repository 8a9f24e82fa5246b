import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { staleReason } from "../../../scripts/local/synth";

describe("staleReason (synthesize first when the stack is missing or older than the sources)", () => {
  const root = mkdtempSync(join(tmpdir(), "cdktf-local-synth-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const outdir = join(root, "cdktf.out");
  const stackFile = join(outdir, "stacks", "aws-dev", "cdk.tf.json");
  const source = join(root, "lambda-src", "hello", "index.ts");

  test("missing, current, then older than a source", () => {
    mkdirSync(join(root, "lambda-src", "hello"), { recursive: true });
    writeFileSync(source, "export {};");
    utimesSync(source, new Date(1_000_000), new Date(1_000_000));
    utimesSync(join(root, "lambda-src", "hello"), new Date(1_000_000), new Date(1_000_000));
    utimesSync(join(root, "lambda-src"), new Date(1_000_000), new Date(1_000_000));
    expect(staleReason(root, outdir, "aws-dev")).toBe(`${stackFile} is missing`);
    mkdirSync(join(outdir, "stacks", "aws-dev"), { recursive: true });
    writeFileSync(stackFile, "{}");
    expect(staleReason(root, outdir, "aws-dev")).toBeUndefined();
    utimesSync(source, new Date(), new Date(Date.now() + 60_000));
    expect(staleReason(root, outdir, "aws-dev")).toBe(`lambda-src changed since ${stackFile} was written`);
  });
});
