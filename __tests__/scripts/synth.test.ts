import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

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
