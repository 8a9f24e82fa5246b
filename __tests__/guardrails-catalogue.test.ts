import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runAppInProcess } from "./in-process";

const ROOT = join(__dirname, "..");

/**
 * One refusal per class of issue 12's guardrails, through the real app runner: the synth exits
 * non-zero, the message names the construct path, the prop, the rule and the value received, and
 * nothing is written (no stack folder, no manifest), not even the good stack's.
 */
describe("guardrails catalogue: refused at synth, nothing written", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  // `node scripts/run-app.js` on the app, in this process (runApp, what the command calls; the runner
  // as a process of its own, with its exit status, is synth-failure.test.ts's first case).
  const synth = async (guardCase: string, env: Record<string, string> = {}) => {
    const outdir = mkdtempSync(join(tmpdir(), "guard-synth-"));
    dirs.push(outdir);
    const result = await runAppInProcess(join(ROOT, "__tests__", "fixtures", "guardrails-app", "main.ts"), outdir, { env: { GUARD_CASE: guardCase, ...env }, cwd: ROOT });
    return { ...result, outdir };
  };

  const expectNothingWritten = (r: { status: number; outdir: string }) => {
    expect(r.status).not.toBe(0);
    expect(existsSync(join(r.outdir, "stacks", "bad", "cdk.tf.json"))).toBe(false);
    expect(existsSync(join(r.outdir, "stacks", "good", "cdk.tf.json"))).toBe(false);
    expect(existsSync(join(r.outdir, "manifest.json"))).toBe(false);
  };

  it("the app without a broken guardrail synthesizes (so each refusal below is the guardrail's)", async () => {
    const r = await synth("none");
    expect(r.stderr).not.toMatch(/Invalid/);
    expect(r.status).toBe(0);
    expect(existsSync(join(r.outdir, "stacks", "bad", "cdk.tf.json"))).toBe(true);
  });

  it("escalation: iam:PassRole on every role", async () => {
    const r = await synth("escalation");
    expect(r.stderr).toContain(
      '[bad/Fn] policyStatements[0].resources[0]: must be an exact resource without wildcards: iam:PassRole can grant more privilege than the function has (privilege escalation), so no wildcard is allowed, with or without a reason; received "arn:aws:iam::111111111111:role/*"',
    );
    expectNothingWritten(r);
  });

  it("apply-time limits: an ARN of another partition than the provider's region", async () => {
    const r = await synth("partition");
    expect(r.stderr).toContain(
      "[bad/Fn] policyStatements[0].resources[0]: must be an ARN of the partition aws-cn, where the stack's provider region cn-north-1 is (arn:aws-cn:...); received \"arn:aws:dynamodb:cn-north-1:111111111111:table/users\"",
    );
    expectNothingWritten(r);
  });

  it("one list rule: a string where a list is expected is not split into characters", async () => {
    const r = await synth("list");
    expect(r.stderr).toContain('[bad/Api] cors.allowHeaders: must be a list of header names; received "content-type"');
    expectNothingWritten(r);
  });

  it("null: a null prop is named, never a raw TypeError", async () => {
    const r = await synth("null");
    expect(r.stderr).toContain("[bad/Fn] vpc: must be { subnetIds, securityGroupIds?, vpcId? }; received null");
    expect(r.stderr).not.toMatch(/TypeError/);
    expectNothingWritten(r);
  });

  it("codeDirectory: a symbolic link out of the folder", async () => {
    const root = mkdtempSync(join(tmpdir(), "guard-code-"));
    dirs.push(root);
    mkdirSync(join(root, "code"));
    writeFileSync(join(root, "code", "index.js"), "exports.handler = async () => 1;\n");
    writeFileSync(join(root, "host-secret.txt"), "secret\n");
    symlinkSync(join(root, "host-secret.txt"), join(root, "code", "data.txt"));
    const r = await synth("symlink", { GUARD_DIR: join(root, "code") });
    expect(r.stderr).toMatch(/\[bad\/Fn\] codeDirectory \(data\.txt\): must be a file inside the folder \(this symbolic link leads out of it, to .*host-secret\.txt\); received ".*code"/);
    expectNothingWritten(r);
  });

  it("config: a misspelt key is refused, not ignored", async () => {
    const r = await synth("config");
    expect(r.stderr).toMatch(/\[config\/dev\] aws\.vcp: must be one of the known props \(region, .*accountId, .*\); received "an unknown prop"/);
    expectNothingWritten(r);
  });
});
