import { execSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";

import { projectFiles } from "../scripts/project-files";
import { appOutdir } from "./app-output";

const ROOT = join(__dirname, "..");

/** Copies the project's files (those git would list, not ignored; no .git needed) to `dest`, shares node_modules by symlink. */
function checkout(dest: string, mtime: Date): void {
  // node_modules may itself be a symlink (a git worktree sharing another's): it is linked below.
  const files = projectFiles(ROOT).filter((f) => f !== "node_modules");
  for (const file of files) {
    const target = join(dest, file);
    mkdirSync(dirname(target), { recursive: true });
    cpSync(join(ROOT, file), target);
    utimesSync(target, mtime, mtime);
  }
  symlinkSync(join(ROOT, "node_modules"), join(dest, "node_modules"), "dir");
}

function synth(projectDir: string, tz: string): string {
  const outdir = join(projectDir, "cdktf.out");
  const { app } = JSON.parse(readFileSync(join(projectDir, "cdktf.json"), "utf8")) as { app: string };
  execSync(app, { cwd: projectDir, env: { ...process.env, CDKTF_OUTDIR: outdir, TZ: tz }, stdio: ["ignore", "ignore", "pipe"] });
  return outdir;
}

/** Every file below `dir` with the SHA-256 of its bytes, by relative path. */
function digest(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out[relative(dir, full)] = createHash("sha256").update(readFileSync(full)).digest("hex");
    }
  };
  walk(dir);
  return out;
}

describe("deterministic synth", () => {
  const work = mkdtempSync(join(tmpdir(), "cdktf-serverless-determinism-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  // The first checkout is this one: the run's shared synth of the app (jest's globalSetup, with the
  // command in cdktf.json, in this run's time zone), its files with their own mtimes, its build
  // caches warm. The second is a copy at another path, with other mtimes, in another time zone,
  // bundled from nothing.
  it("gives byte-identical cdktf.out/ for two checkouts at different paths, mtimes and time zones", () => {
    const here = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const elsewhere = here === "Pacific/Chatham" ? "UTC" : "Pacific/Chatham";
    const one = join(work, "somewhere", "else", "entirely", "one");
    checkout(one, new Date("2020-02-02T02:02:02Z"));
    const a = digest(appOutdir(ROOT));
    const b = digest(synth(one, elsewhere));
    expect(Object.keys(a)).toEqual(expect.arrayContaining(["manifest.json", "stacks/aws-dev/cdk.tf.json", "stacks/aws-prod/cdk.tf.json"]));
    expect(Object.keys(a).some((f) => f.endsWith(".zip"))).toBe(true);
    expect(b).toEqual(a);
  });

  it("writes no absolute path of the checkout into the output", () => {
    const dir = join(work, "somewhere", "else", "entirely", "one", "cdktf.out");
    for (const file of Object.keys(digest(dir))) {
      const text = readFileSync(join(dir, file)).toString("latin1");
      expect({ file, leaks: text.includes(work) || text.includes(ROOT) }).toEqual({ file, leaks: false });
    }
  });
});
