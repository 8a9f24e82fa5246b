import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const FIXTURE = join(ROOT, "__tests__", "fixtures", "run-app");

describe("scripts/run-app.js (cdktf.json's app runner)", () => {
  const outdir = mkdtempSync(join(tmpdir(), "run-app-"));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  const run = (entry: string, env: Record<string, string> = {}, out = outdir) =>
    execFileSync(process.execPath, [join(ROOT, "scripts", "run-app.js"), entry], {
      cwd: FIXTURE,
      env: { ...process.env, CDKTF_OUTDIR: out, ...env },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });

  it("runs a TypeScript app whose modules each see their own __dirname, and cdktf's ARCHIVE assets still work", () => {
    run(join(FIXTURE, "main.ts"));
    const tf = JSON.parse(readFileSync(join(outdir, "stacks", "fixture", "cdk.tf.json"), "utf8"));
    expect(tf.output.main_dir.value).toBe(FIXTURE);
    expect(tf.output.lib_dir.value).toBe(join(FIXTURE, "lib"));
    // archiver is loaded on first use only; the asset must still be zipped.
    expect(existsSync(join(outdir, "stacks", "fixture", tf.output.asset.value))).toBe(true);
  });

  it("writes the same output whether or not cdktf records token creation traces (CDKTF_APP_DEBUG)", () => {
    const debugOut = mkdtempSync(join(tmpdir(), "run-app-debug-"));
    try {
      run(join(FIXTURE, "main.ts"), { CDKTF_APP_DEBUG: "1" }, debugOut);
      run(join(FIXTURE, "main.ts"));
      const read = (dir: string) => readFileSync(join(dir, "stacks", "fixture", "cdk.tf.json"), "utf8");
      expect(read(debugOut)).toBe(read(outdir));
    } finally {
      rmSync(debugOut, { recursive: true, force: true });
    }
  });

  it("exits non-zero with the error when the app throws", () => {
    expect(() => run(join(ROOT, "__tests__", "fixtures", "run-app", "lib", "missing.ts"))).toThrow();
  });
});
