import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { runAppInProcess } from "./in-process";

const ROOT = join(__dirname, "..");

/** Bad input through the real app runner: non-zero exit, every problem listed, nothing written. */
describe("a synth with bad props", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  const APP = join(ROOT, "__tests__", "fixtures", "bad-app", "main.ts");
  const newOutdir = () => {
    const outdir = mkdtempSync(join(tmpdir(), "bad-synth-"));
    dirs.push(outdir);
    return outdir;
  };
  /** `node scripts/run-app.js` on the app, in a process of its own. */
  const synthProcess = (badCase: string, outdir = newOutdir()) => {
    const result = spawnSync(process.execPath, [join(ROOT, "scripts", "run-app.js"), APP], {
      cwd: ROOT,
      env: { ...process.env, CDKTF_OUTDIR: outdir, BAD_CASE: badCase },
      encoding: "utf8",
    });
    return { ...result, outdir };
  };
  /** The same run, in this process (runApp, what the command calls). */
  const synth = async (badCase: string, outdir = newOutdir()) => ({ ...(await runAppInProcess(APP, outdir, { env: { BAD_CASE: badCase }, cwd: ROOT })), outdir });

  it("on AWS: exits non-zero, names the construct, each prop, rule and value, and writes no stack", () => {
    const r = synthProcess("aws");
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/\[bad\/Fn\] functionName: must be 1 to 64 letters, digits, - or _; received "bad fn"/);
    expect(r.stderr).toMatch(/\[bad\/Fn\] memorySize: must be an integer from 128 to 10240 MB; received 64/);
    expect(r.stderr).toMatch(/\[bad\/Fn\] timeout: must be an integer from 1 to 900 seconds; received 901/);
    expect(existsSync(join(r.outdir, "stacks", "bad"))).toBe(false);
    expect(existsSync(join(r.outdir, "manifest.json"))).toBe(false);
  });

  it("removes what an earlier, successful synth wrote, so no stale output looks current", async () => {
    const first = await synth("none");
    expect(first.status).toBe(0);
    expect(existsSync(join(first.outdir, "stacks", "bad", "cdk.tf.json"))).toBe(true);
    const again = await synth("aws", first.outdir);
    expect(again.status).not.toBe(0);
    expect(existsSync(join(again.outdir, "stacks", "bad", "cdk.tf.json"))).toBe(false);
    expect(existsSync(join(again.outdir, "stacks", "good", "cdk.tf.json"))).toBe(false);
    expect(existsSync(join(again.outdir, "manifest.json"))).toBe(false);
    // Nothing of the failed synth is left next to the output folder either (its fresh folder, the lock).
    expect(readdirSync(dirname(again.outdir)).filter((e) => e.startsWith(`.${basename(again.outdir)}.`))).toEqual([]);
  });

  it("on GCP: exits non-zero, lists every problem of the service together, and writes no stack", async () => {
    const r = await synth("gcp");
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/\[bad\/Web\] serviceName: /);
    expect(r.stderr).toMatch(/\[bad\/Web\] containerPort: .*received 70000/);
    expect(r.stderr).toMatch(/\[bad\/Web\] minInstances: .*received 5/);
    expect(r.stderr).toMatch(/\[bad\/Web\] image: /);
    expect(existsSync(join(r.outdir, "stacks", "bad"))).toBe(false);
  });
});
