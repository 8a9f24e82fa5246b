import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ENVIRONMENTS } from "../../config/load";
import { deployOrderInProcess, synthInProcess } from "../in-process";
import { appOutdir, hasTerraform } from "../terraform/harness";
import { projectCopy } from "./project-copy";
import { runReview } from "./review-fixtures";

const ROOT = join(__dirname, "..", "..");
const GUIDE = readFileSync(join(ROOT, "docs", "new-service.md"), "utf8");

/** The guide's ```ts blocks by the file their first line names (`// stacks/feedback-stack.ts`). */
function blocks(): Map<string, string> {
  const out = new Map<string, string>();
  for (const [, code] of GUIDE.matchAll(/```ts\n([\s\S]*?)```/g)) {
    const file = /^\/\/ (\S+)\n/.exec(code)?.[1];
    if (file) out.set(file, code);
  }
  return out;
}

/** The guide's ```sh commands, as written (comments removed). */
function commands(): string[] {
  return [...GUIDE.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap(([, text]) => text.split("\n").map((l) => l.replace(/\s+#.*$/, "").trim()).filter(Boolean));
}

/**
 * docs/new-service.md, followed by a new user: its files written as they are into a copy of the
 * project, main.ts changed as it says, then its commands run there: the plan as npm runs it, synth,
 * review and deploy-order by calling in this process what their scripts call (each script in its own
 * process is tested by its suite: synth.test.ts, review.test.ts, deploy-order.test.ts).
 */
describe("docs/new-service.md, followed as written", () => {
  const dir = projectCopy("new-service-");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const { CDKTF_OUTDIR: _ignored, ...env } = process.env;
  const run = (args: readonly string[]) => spawnSync(process.execPath, args, { cwd: dir, env: { ...env, NO_COLOR: "1" }, encoding: "utf8", timeout: 300_000 });

  beforeAll(() => {
    const files = blocks();
    expect([...files.keys()]).toEqual(["lambda-src/feedback/index.ts", "stacks/feedback-stack.ts", "main.ts"]);
    for (const file of ["lambda-src/feedback/index.ts", "stacks/feedback-stack.ts"]) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), files.get(file)!);
    }
    // main.ts: the imports on top, the rest before `app.synth()`.
    const lines = files.get("main.ts")!.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("//"));
    const main = readFileSync(join(dir, "main.ts"), "utf8");
    expect(main).toContain("\napp.synth();\n");
    const body = lines.filter((l) => !l.startsWith("import ")).join("\n");
    writeFileSync(join(dir, "main.ts"), `${lines.filter((l) => l.startsWith("import ")).join("\n")}\n${main.replace("\napp.synth();\n", `\n${body}\napp.synth();\n`)}`);
  });

  test("its commands are the project's: synth, plan, review, deploy-order", () => {
    expect(commands()).toEqual(["npm run synth -- feedback-dev", "npm run plan -- feedback-dev", "npm run review -- --base-ref origin/main", "npm run --silent deploy-order"]);
  });

  test("npm run synth: every environment's stack, no rule-pack finding, no suppression", async () => {
    // The whole app, so that every environment's stack is checked by its rule pack.
    const synth = await synthInProcess(dir);
    expect({ status: synth.status, stderr: synth.status === 0 ? "" : synth.stderr }).toEqual({ status: 0, stderr: "" });
    for (const e of ENVIRONMENTS) expect(synth.value && synth.value.written).toContain(`feedback-${e}`);
    // What npm run synth prints of the rule packs: nothing about the new stacks.
    expect([synth.stdout, synth.stderr, ...synth.folded].join("\n")).not.toMatch(/rule pack feedback-/);
    const manifest = JSON.parse(readFileSync(join(dir, "cdktf.out", "manifest.json"), "utf8"));
    for (const e of ENVIRONMENTS) expect(manifest.stacks[`feedback-${e}`].annotations).toEqual([]);
  }, 300_000);

  // Also the end-to-end success path of `npm run plan` (__tests__/scripts/plan.test.ts has its refusals
  // and failures): a real offline plan of one synthesized stack, its summary, exit 0.
  (hasTerraform ? test : test.skip)("npm run plan -- feedback-dev: the plan the guide shows, offline", () => {
    const plan = run(["--require", require.resolve("tsx/cjs"), join(dir, "scripts", "plan.ts"), "feedback-dev"]);
    expect({ status: plan.status, stderr: plan.status === 0 ? "" : `${plan.stdout}${plan.stderr}` }).toEqual({ status: 0, stderr: "" });
    const planLine = /^Plan: [1-9]\d* to add, 0 to change, 0 to destroy\.$/m.exec(plan.stdout)?.[0];
    expect(planLine).toBeDefined();
    expect(GUIDE).toContain(planLine);
    // The summary: one line per resource created, as many as the Plan: line counts, not the whole plan.
    expect(plan.stdout).toMatch(/^ {2}aws_lambda_function\.\S+ will be created$/m);
    expect(plan.stdout).not.toContain('resource "aws_lambda_function"');
    const created = plan.stdout.split("\n").filter((l) => / will be created$/.test(l)).length;
    expect(planLine).toBe(`Plan: ${created} to add, 0 to change, 0 to destroy.`);
    expect(plan.stderr).toMatch(/plan: feedback-dev: Plan: \d+ to add, 0 to change, 0 to destroy\. \(\d+\.\d s\)\n$/);
  }, 300_000);

  test("npm run review: the new stacks and their grants, compared with the app as it was", () => {
    const review = runReview(["--base", appOutdir(ROOT), "--head", join(dir, "cdktf.out"), "--no-diagrams"], { root: dir, cwd: dir });
    expect(review.status).toBe(0);
    for (const e of ENVIRONMENTS) expect(review.stdout).toContain(`feedback-${e}`);
    expect(review.stdout).toContain("dynamodb:PutItem");
    expect(review.stdout).toContain("sqs:SendMessage");
  }, 300_000);

  test("npm run deploy-order: each environment deploys its feedback stack", async () => {
    const order = await deployOrderInProcess(dir);
    expect(order.status).toBe(0);
    const stages = order.value!.stages;
    expect(stages.map((s) => s.environment)).toEqual([...ENVIRONMENTS]);
    for (const stage of stages) expect(stage.stacks.split(" ")).toContain(`feedback-${stage.environment}`);
  }, 120_000);
});
