import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { appOutdir, stackNames } from "../terraform/harness";

type Json = Record<string, any>;

describe("deployment packages written by the app", () => {
  const outdir = appOutdir(join(__dirname, "..", ".."));
  const awsStacks = stackNames(outdir).filter((s) => s.startsWith("aws-"));

  const zipped = (stack: string): { type: string; name: string; filename: string; hash: string }[] => {
    const tf: Json = JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
    return ["aws_lambda_function", "aws_lambda_layer_version"].flatMap((type) =>
      Object.entries((tf.resource[type] ?? {}) as Json).map(([name, r]) => ({ type, name, filename: r.filename, hash: r.source_code_hash })),
    );
  };

  it.each(awsStacks)("%s: every source_code_hash is the base64 SHA-256 of the zip it names", (stack) => {
    const packages = zipped(stack);
    expect(packages.length).toBeGreaterThan(0);
    for (const p of packages) {
      const bytes = readFileSync(join(outdir, "stacks", stack, p.filename));
      expect({ package: p.name, hash: createHash("sha256").update(bytes).digest("base64") }).toEqual({ package: p.name, hash: p.hash });
    }
  });

  it.each(awsStacks)("%s: writes only the packages its resources use", (stack) => {
    const used = new Set(zipped(stack).map((p) => p.filename));
    const written = readdirSync(join(outdir, "stacks", stack, "packages")).map((f) => `packages/${f}`);
    expect(written.sort()).toEqual([...used].sort());
  });

  it("bundles each handler entry once into a small zip of one minified index.js", () => {
    const dir = join(outdir, "stacks", "aws-dev", "packages");
    const handlers = readdirSync(dir).filter((f) => f.startsWith("lambda-src-"));
    // hello, users (shared by five functions) and the report
    expect(handlers).toHaveLength(3);
    for (const file of handlers) {
      const bytes = readFileSync(join(dir, file));
      expect({ file, underTenKB: bytes.length <= 10 * 1024 }).toEqual({ file, underTenKB: true });
      const entries = unzipSync(bytes);
      expect(Object.keys(entries)).toEqual(["index.js"]);
      const code = Buffer.from(entries["index.js"]).toString("utf8");
      expect(code.length).toBeLessThan(50 * 1024);
      expect(code).not.toMatch(/\n\s{2,}/); // minified
      expect(code).not.toContain("sourceMappingURL");
    }
  });
});
