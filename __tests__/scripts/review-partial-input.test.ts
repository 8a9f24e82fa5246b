import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runReviewCli } from "../../scripts/review/review-cli";
import { FIXTURES, runReview, tempOutdir } from "./review-fixtures";

/**
 * A review of an output it cannot trust would show stacks as removed or unchanged when they are
 * not: each of these exits 2 with the reason, whichever side it is on.
 */

const GOOD = join(FIXTURES, "gcp-public", "head");
const dirs: string[] = [];

/** A copy of a good synth output, broken by `breakIt`. */
function broken(breakIt: (dir: string) => void): string {
  const dir = join(tempOutdir("partial"), "out");
  dirs.push(dir);
  cpSync(GOOD, dir, { recursive: true });
  breakIt(dir);
  return dir;
}

function review(base: string, head: string): { status: number; stderr: string } {
  let stderr = "";
  const status = runReviewCli(["--base", base, "--head", head, "--fail-on", "broadening"], { stdout: () => undefined, stderr: (t) => (stderr += t) });
  return { status, stderr };
}

const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
const writeManifest = (dir: string, manifest: unknown) => writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest));

afterAll(() => {
  for (const dir of dirs) rmSync(join(dir, ".."), { recursive: true, force: true });
});

const CASES: [string, (dir: string) => void, RegExp][] = [
  ["no manifest.json (a synth that failed or was killed)", (d) => unlinkSync(join(d, "manifest.json")), /no manifest\.json; cdktf writes it last/],
  ["a stack in the manifest without its file", (d) => rmSync(join(d, "stacks", "gcp-dev"), { recursive: true }), /stack gcp-dev is in manifest\.json but its file stacks\/gcp-dev\/cdk\.tf\.json is missing/],
  ["an empty stack file", (d) => writeFileSync(join(d, "stacks", "gcp-dev", "cdk.tf.json"), ""), /stack gcp-dev is empty/],
  ["a stack file that is an empty object", (d) => writeFileSync(join(d, "stacks", "gcp-dev", "cdk.tf.json"), "{}"), /stack gcp-dev is an empty JSON object/],
  ["a stack file that is not an object", (d) => writeFileSync(join(d, "stacks", "gcp-dev", "cdk.tf.json"), "[]"), /stack gcp-dev is not a JSON object \(got an array\)/],
  ["a stack file cut in the middle", (d) => writeFileSync(join(d, "stacks", "gcp-dev", "cdk.tf.json"), '{"resource": {'), /stack gcp-dev is not valid JSON/],
  ["an empty manifest", (d) => writeFileSync(join(d, "manifest.json"), ""), /the manifest is empty/],
  ["a manifest that is not an object", (d) => writeFileSync(join(d, "manifest.json"), "null"), /the manifest is not a JSON object \(got null\)/],
  ["a manifest without stacks", (d) => writeManifest(d, { version: "0.21.0" }), /no "stacks" object/],
  [
    "a synthesizedStackPath outside the folder",
    (d) => {
      const m = manifestOf(d);
      m.stacks["gcp-dev"].synthesizedStackPath = "../../etc/cdk.tf.json";
      writeManifest(d, m);
    },
    /synthesizedStackPath "\.\.\/\.\.\/etc\/cdk\.tf\.json" points outside/,
  ],
  [
    "an absolute synthesizedStackPath",
    (d) => {
      const m = manifestOf(d);
      m.stacks["gcp-dev"].synthesizedStackPath = join(GOOD, "stacks", "gcp-dev", "cdk.tf.json");
      writeManifest(d, m);
    },
    /is not a path inside/,
  ],
  [
    "a stack file that links outside the folder",
    (d) => {
      const file = join(d, "stacks", "gcp-dev", "cdk.tf.json");
      unlinkSync(file);
      symlinkSync(join(GOOD, "stacks", "gcp-dev", "cdk.tf.json"), file);
    },
    /links outside/,
  ],
];

describe.each(CASES)("%s", (_name, breakIt, reason) => {
  it("is refused with exit 2 and the reason, as head and as base", () => {
    const dir = broken(breakIt);
    const asHead = review(GOOD, dir);
    expect(asHead.status).toBe(2);
    expect(asHead.stderr).toMatch(reason);
    const asBase = review(dir, GOOD);
    expect(asBase.status).toBe(2);
    expect(asBase.stderr).toMatch(reason);
  });
});

describe("a complete output", () => {
  it("is reviewed (exit 0 when nothing widens); without its manifest, the CLI refuses it (exit 2)", () => {
    expect(review(GOOD, GOOD)).toEqual({ status: 0, stderr: "" });
    const missing = broken((d) => unlinkSync(join(d, "manifest.json")));
    const cli = runReview(["--base", GOOD, "--head", missing]);
    expect(cli.status).toBe(2);
    expect(cli.stderr).toContain("no manifest.json");
  });

  it("may hold no stack at all (an app whose stacks were all removed)", () => {
    const empty = broken((d) => {
      rmSync(join(d, "stacks"), { recursive: true });
      mkdirSync(join(d, "stacks"));
      writeManifest(d, { version: "0.21.0", stacks: {} });
    });
    expect(review(GOOD, empty).status).toBe(0);
  });
});
