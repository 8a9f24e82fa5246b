import { spawnSync } from "node:child_process";
import fs, { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// scripts/synth-output.js is plain CommonJS, as scripts/run-app.js loads it.
const { createStaging, publish, discard } = require("../../scripts/synth-output") as {
  createStaging: (outdir: string) => string;
  publish: (staging: string, outdir: string) => void;
  discard: (staging: string, outdir: string) => string;
};

/** The pid of a process that has exited. */
const deadPid = (): number => {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(r.stdout);
};

describe("scripts/synth-output.js: the folders of synths under way, listed next to the output folder", () => {
  const made: string[] = [];
  const parentDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "synth-output-"));
    made.push(dir);
    return dir;
  };
  afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const listed = (parent: string) => readFileSync(join(parent, ".cdktf-synths"), "utf8").split("\n").filter(Boolean);

  it("a synth lists its fresh folder while it runs and takes it off when its output is in place, nothing left behind", () => {
    const parent = parentDir();
    const outdir = join(parent, "out");
    const staging = createStaging(outdir);
    expect(listed(parent)).toEqual([staging.slice(parent.length + 1)]);
    writeFileSync(join(staging, "manifest.json"), "{}");
    publish(staging, outdir);
    const again = createStaging(outdir);
    writeFileSync(join(again, "manifest.json"), '{"second":true}');
    publish(again, outdir);
    expect(listed(parent)).toEqual([]);
    expect(readdirSync(parent).sort()).toEqual([".cdktf-synths", "out"]);
    expect(readFileSync(join(outdir, "manifest.json"), "utf8")).toBe('{"second":true}');
  });

  it("everything a synth makes next to the output folder is dot-named: the build cache ignores dot-names in the folders it fingerprints, so a synth into cdktf.out next to main.ts does not miss the app's cached bundle", () => {
    const parent = parentDir();
    const outdir = join(parent, "out");
    const staging = createStaging(outdir);
    mkdirSync(outdir);
    publish(createStaging(outdir), outdir);
    const made = readdirSync(parent).filter((name) => name !== "out");
    expect(made.length).toBeGreaterThanOrEqual(2); // the list and the staging folder under way
    expect(made.filter((name) => !name.startsWith("."))).toEqual([]);
    discard(staging, outdir);
  });

  it("removes the folders a killed synth left, found on the list without listing the parent folder", () => {
    const parent = parentDir();
    const outdir = join(parent, "out");
    publish(createStaging(outdir), outdir); // the list exists from now on
    const pid = deadPid();
    const left = [`.out.synth-${pid}-abc123`, `.out.old-${pid}-k2x`];
    for (const name of left) mkdirSync(join(parent, name, "stacks"), { recursive: true });
    writeFileSync(join(parent, ".cdktf-synths"), left.map((n) => `${n}\n`).join(""));
    // A folder of a synth still running (this process) stays, listed.
    const running = createStaging(join(parent, "other"));
    const readdir = jest.spyOn(fs, "readdirSync");
    try {
      const staging = createStaging(outdir);
      expect(readdir.mock.calls.filter(([dir]) => dir === parent)).toEqual([]);
      for (const name of left) expect(existsSync(join(parent, name))).toBe(false);
      expect(listed(parent).sort()).toEqual([running, staging].map((p) => p.slice(parent.length + 1)).sort());
      discard(staging, outdir);
      discard(running, join(parent, "other"));
    } finally {
      readdir.mockRestore();
    }
    expect(listed(parent)).toEqual([]);
  });

  it("in a folder with no list yet (or one deleted), finds what killed synths left by listing it once, then keeps the list", () => {
    const parent = parentDir();
    const pid = deadPid();
    const left = [`.out.synth-${pid}-abc123`, `.elsewhere.old-${pid}-k2x`];
    for (const name of left) mkdirSync(join(parent, name));
    mkdirSync(join(parent, "unrelated.synth-1-x"));
    const outdir = join(parent, "out");
    const staging = createStaging(outdir);
    for (const name of left) expect(existsSync(join(parent, name))).toBe(false);
    expect(existsSync(join(parent, "unrelated.synth-1-x"))).toBe(true);
    expect(listed(parent)).toEqual([staging.slice(parent.length + 1)]);
    discard(staging, outdir);
  });
});
