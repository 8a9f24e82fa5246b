import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { appOutdir } from "../app-output";
import { synthInProcess } from "../in-process";

const ROOT = join(__dirname, "..", "..");
// The cdktf CLI, or CDK Terrain's (`cdktn`, same command line) where the project was switched to it (npm run test:cdktn).
const CLI = ["cdktf", "cdktn"].map((bin) => join(ROOT, "node_modules", ".bin", bin)).find((bin) => existsSync(bin))!;

/** Every file under `dir` with its bytes, by relative path. */
function tree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.set(relative(dir, full), readFileSync(full));
    }
  };
  walk(dir);
  return files;
}

describe("npm run synth (scripts/synth.js)", () => {
  const work = mkdtempSync(join(tmpdir(), "synth-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const env = { ...process.env, CHECKPOINT_DISABLE: "1", CDKTF_OUTDIR: "" } as NodeJS.ProcessEnv;
  delete env.CDKTF_OUTDIR;

  it("writes the same files, byte for byte, as `npx cdktf synth`, removes stacks that no longer exist, and names the stacks written", () => {
    const viaCli = join(work, "cli");
    const viaScript = join(work, "script");
    // A stack folder left from an earlier synth of a stack that is gone: both remove it.
    for (const dir of [viaCli, viaScript]) {
      mkdirSync(join(dir, "stacks", "aws-removed"), { recursive: true });
      writeFileSync(join(dir, "stacks", "aws-removed", "cdk.tf.json"), "{}");
    }
    const cli = spawnSync(CLI, ["synth", "--output", viaCli], { cwd: ROOT, env, encoding: "utf8" });
    expect({ status: cli.status, stderr: cli.status === 0 ? "" : cli.stderr }).toEqual({ status: 0, stderr: "" });
    const script = spawnSync(process.execPath, [join(ROOT, "scripts", "synth.js"), "--output", viaScript], { cwd: ROOT, env, encoding: "utf8" });
    expect({ status: script.status, stderr: script.status === 0 ? "" : script.stderr }).toEqual({ status: 0, stderr: "" });

    const a = tree(viaCli);
    const b = tree(viaScript);
    expect([...b.keys()]).toEqual([...a.keys()]);
    expect(a.has("manifest.json")).toBe(true);
    for (const [file, bytes] of a) expect({ file, same: bytes.equals(b.get(file)!) }).toEqual({ file, same: true });
    expect([...a.keys()].some((f) => f.startsWith("stacks/aws-removed"))).toBe(false);

    const stacks = Object.keys(JSON.parse(a.get("manifest.json")!.toString("utf8")).stacks as Record<string, unknown>);
    expect(script.stdout).toMatch(new RegExp(`^Synthesized ${stacks.length} stacks into ${viaScript.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/ in \\d+\\.\\d\\d s: ${stacks.join(", ")}\\n$`));
  });

  it("fails with the app's error, and writes no manifest, when the app fails", () => {
    const project = join(work, "failing");
    mkdirSync(project);
    writeFileSync(join(project, "cdktf.json"), JSON.stringify({ language: "typescript", app: `"${process.execPath}" -e "console.error('app broke'); process.exit(3)"` }));
    const r = spawnSync(process.execPath, [join(ROOT, "scripts", "synth.js")], { cwd: project, env, encoding: "utf8" });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain("app broke");
    expect(r.stderr).toContain("synth failed (`");
  });
});

describe("npm run synth -- <stack>...: only the named stacks", () => {
  const work = mkdtempSync(join(tmpdir(), "synth-named-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const env = { ...process.env, CHECKPOINT_DISABLE: "1" } as NodeJS.ProcessEnv;
  delete env.CDKTF_OUTDIR;
  const synth = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, "scripts", "synth.js"), ...args], { cwd: ROOT, env, encoding: "utf8" });
  // A full synth of the app is the run's shared one (the app's command, as `npm run synth` runs it:
  // the first describe proves the script writes the very files the CLI does); a folder a test
  // writes into starts as a copy of it.
  const full = appOutdir();
  const fullSynthIn = (dir: string) => cpSync(full, dir, { recursive: true });

  it("writes those stacks alone, byte-identical to a full synth; the others' folders keep only Terraform's files", () => {
    const named = join(work, "named");
    fullSynthIn(named);
    // Terraform's working files of a stack that is not named survive; its synthesized files do not.
    mkdirSync(join(named, "stacks", "aws-prod", ".terraform"), { recursive: true });
    writeFileSync(join(named, "stacks", "aws-prod", ".terraform.lock.hcl"), "# lock");
    const r = synth("--output", named, "aws-dev", "gcp-prod");
    expect({ status: r.status, stderr: r.status === 0 ? "" : r.stderr }).toEqual({ status: 0, stderr: "" });

    const all = Object.keys(JSON.parse(readFileSync(join(full, "manifest.json"), "utf8")).stacks as Record<string, unknown>);
    const written = JSON.parse(readFileSync(join(named, "manifest.json"), "utf8")) as { stacks: Record<string, { dependencies: string[] }> };
    expect(Object.keys(written.stacks)).toEqual(["aws-dev", "gcp-prod"]);
    const a = tree(join(full, "stacks"));
    const b = tree(join(named, "stacks"));
    const synthesized = [...b.keys()].filter((f) => !f.includes(".terraform"));
    expect(synthesized.length).toBeGreaterThan(2);
    expect(synthesized.every((f) => f.startsWith("aws-dev/") || f.startsWith("gcp-prod/"))).toBe(true);
    for (const f of synthesized) expect({ f, same: b.get(f)!.equals(a.get(f)!) }).toEqual({ f, same: true });
    expect([...a.keys()].filter((f) => f.startsWith("aws-dev/") || f.startsWith("gcp-prod/"))).toEqual(synthesized);
    expect(readdirSync(join(named, "stacks", "aws-prod")).sort()).toEqual([".terraform", ".terraform.lock.hcl"]);
    const others = all.filter((s) => s !== "aws-dev" && s !== "gcp-prod");
    expect(r.stdout).toMatch(new RegExp(`^Synthesized 2 of ${all.length} stacks into .*/named/ in \\d+\\.\\d\\d s: aws-dev, gcp-prod; not in .*/named/ now: (.*) \\(npm run synth without names writes every stack\\)\\n$`));
    expect(/not in .* now: (.*) \(/.exec(r.stdout)![1].split(", ").sort()).toEqual(others.sort());
  });

  it("a stack joined to another by a cross-stack reference, written alone, has the same bytes as in a full synth (its output, its remote-state read)", async () => {
    const fixture = join(ROOT, "__tests__", "fixtures", "cross-stack");
    // npm run synth [-- <stack>] in this process (synthInProcess: the script's runApp call).
    const run = async (outdir: string, ...stacks: string[]) => (await synthInProcess(fixture, { outdir, stacks: stacks.length > 0 ? stacks : undefined })).status;
    const full = join(work, "cross-full");
    expect(await run(full)).toBe(0);
    const file = (dir: string, stack: string) => readFileSync(join(dir, "stacks", stack, "cdk.tf.json"), "utf8");
    expect(file(full, "consumer")).toContain("terraform_remote_state");
    expect(file(full, "producer")).toContain("cross-stack-output");
    for (const stack of ["consumer", "producer"]) {
      const alone = join(work, `cross-${stack}`);
      expect(await run(alone, stack)).toBe(0);
      expect(file(alone, stack)).toBe(file(full, stack));
    }
  });

  it("refuses a name that is not a stack of the app, listing the app's stacks, and leaves the output folder as it was", async () => {
    const out = join(work, "unknown");
    fullSynthIn(out);
    const before = tree(out);
    // In this process (the script's runApp call); the script's own exit on a failed synth is tested above.
    const r = await synthInProcess(ROOT, { outdir: out, stacks: ["aws-dve"] });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^"aws-dve": not a stack of the app\. The app's stacks: state-bootstrap, aws-dev, .*gcp-prod\. Nothing was synthesized; the output folder is as it was\.\n/);
    expect(r.stderr).not.toMatch(/^\s+at .+[:(]/m);
    const after = tree(out);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [f, bytes] of before) expect(after.get(f)!.equals(bytes)).toBe(true);
  });
});

describe("npm run synth prints the rule packs' findings folded by rule", () => {
  const FIXTURE = join(ROOT, "__tests__", "fixtures", "synth-report");
  const work = mkdtempSync(join(tmpdir(), "synth-report-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const run = (extra: Record<string, string> = {}) => {
    const env = { ...process.env, CHECKPOINT_DISABLE: "1", ...extra } as NodeJS.ProcessEnv;
    delete env.CDKTF_OUTDIR;
    return spawnSync(process.execPath, [join(ROOT, "scripts", "synth.js"), "--output", join(work, "out")], { cwd: FIXTURE, env, encoding: "utf8" });
  };

  it("warnings (dev) included, one line per rule with its count and where, and one line of suppressions per stack", () => {
    const r = run();
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Synthesized 3 stacks into /);
    expect(r.stderr).toBe(
      [
        "rule pack warned: 6 findings (severity warn: written, but refused where the severity is error):",
        "  [sns-encryption] SNS topics are encrypted at rest: 5 (Topic1, Topic2, Topic3, +2 more)",
        "  [log-group-retention] Log groups expire their logs, after at least a year in protected environments: 1 (Logs1)",
        "rule pack suppressed: 2 findings suppressed with a reason: sns-encryption 2",
        "",
      ].join("\n"),
    );
    // The warnings are also where cdktf keeps them.
    const manifest = JSON.parse(readFileSync(join(work, "out", "manifest.json"), "utf8"));
    expect(manifest.stacks.warned.annotations.filter((a: { level: string }) => a.level === "@cdktf/warn")).toHaveLength(6);
  });

  it("a failing synth reports every stack's failures, each in full, then the folded summary", () => {
    const r = run({ SYNTH_REPORT_CASE: "fail" });
    expect(r.status).toBe(1);
    const lines = r.stderr.split("\n");
    expect(lines[0]).toBe("Validation failed with the following errors:");
    expect(lines.filter((l) => /^ {2}\[failing-a\] \[sns-encryption\] .* Fix it, or accept it with a written reason/.test(l))).toHaveLength(1);
    expect(lines.filter((l) => /^ {2}\[failing-b\] \[log-group-retention\] /.test(l))).toHaveLength(2);
    const summary = lines.slice(lines.indexOf("Nothing was written.") + 1);
    expect(summary).toEqual([
      "rule pack warned: 6 findings (severity warn: written, but refused where the severity is error):",
      "  [sns-encryption] SNS topics are encrypted at rest: 5 (Topic1, Topic2, Topic3, +2 more)",
      "  [log-group-retention] Log groups expire their logs, after at least a year in protected environments: 1 (Logs1)",
      "rule pack suppressed: 2 findings suppressed with a reason: sns-encryption 2",
      "rule pack failing-a: 1 finding (severity error: synth fails):",
      "  [sns-encryption] SNS topics are encrypted at rest: 1 (Topic1)",
      "rule pack failing-b: 2 findings (severity error: synth fails):",
      "  [log-group-retention] Log groups expire their logs, after at least a year in protected environments: 2 (Logs1, Logs2)",
      expect.stringMatching(/^synth failed \(`node \.\.\/\.\.\/\.\.\/scripts\/run-app\.js main\.ts`: exit 1\)/),
      "",
    ]);
    expect(existsSync(join(work, "out", "manifest.json"))).toBe(false);
  });
});
