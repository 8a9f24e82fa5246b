/**
 * Real Terraform in the test run: the run's one plan batch (every AWS stack of the app, every stack
 * and every change of ./planned-stacks.ts), read by suites with `await plannedStack(name)` and
 * `await plannedChange(name)`. The offline-plan machinery itself is scripts/terraform/ (shared with
 * `npm run plan`). See docs/testing.md.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { planBatch, type PlanRequest } from "../../scripts/terraform/batch";
import type { PlannedChange } from "../../scripts/terraform/moves";
import { findProviderMirror, findTerraform, requiredProviders, writeCliConfig, type TerraformRun } from "../../scripts/terraform/offline";
import { appOutdir, stackNames } from "../app-output";

// Suites read the app's output through here too.
export { appOutdir, appStackDir, appStackJson, stackNames, synthApp } from "../app-output";
export type { TerraformRun } from "../../scripts/terraform/offline";
export type { PlannedChange } from "../../scripts/terraform/moves";

/** The app's stacks the batch plans: every stack whose only provider is AWS (the offline provider). */
export function plannableAppStacks(outdir = appOutdir()): string[] {
  return stackNames(outdir).filter((name) => {
    const providers = requiredProviders(JSON.parse(readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8")));
    return providers.length > 0 && providers.every((p) => p === "aws");
  });
}

// ---------------------------------------------------------------------------------------------
// The plan batch: every plannable app stack and every entry of PLANNED_STACKS and PLANNED_CHANGES,
// planned once per test run (scripts/terraform/batch.ts: one Terraform configuration, one init, one
// `terraform test` that plans the stacks and the changes). The first suite that asks runs it (the
// sequencer starts aws-stacks-plan.test.ts first, and the other suites that ask last); suites in
// other workers wait for its results, which it writes into the folder globalSetup made for the run.
// ---------------------------------------------------------------------------------------------

export interface PlanResults {
  readonly runs: Record<string, TerraformRun>;
  /** Each entry of PLANNED_CHANGES: its configurations' plans over the applied state, by name. */
  readonly changes: Record<string, Record<string, PlannedChange>>;
  readonly batched: string[];
  readonly fallback?: string;
  /** How the providers were installed, for the log. */
  readonly providers: string;
  /** Set when the batch itself could not run (then `runs` is empty). */
  readonly error?: string;
}

/** Long enough for a batch on a busy machine: use it as the timeout of a hook or test that awaits a plan. */
export const PLAN_TIMEOUT_MS = 600_000;

const terraform = findTerraform();

/**
 * Why this run plans nothing, when a caller says so: `npm run test:cdktn` runs suites again on CDK
 * Terrain after proving that every stack they plan synthesizes to the same Terraform JSON as with
 * cdktf, which `npm test` plans (scripts/cdktn.ts, PLANS_SKIPPED).
 */
const plansSkipped = process.env.CDKTF_SERVERLESS_PLANS_SKIPPED;

/** Whether this run plans with Terraform: it is on PATH (CI requires it, see describeWithTerraform) and no caller said why not to. */
export const hasTerraform = terraform !== undefined && !plansSkipped;

const banner = (lines: string[]) => {
  const bar = "!".repeat(78);
  process.stderr.write(`\n${bar}\n${lines.map((l) => `!!! ${l}\n`).join("")}${bar}\n`);
};

/**
 * In CI a missing Terraform fails the run; elsewhere the plan suites skip with a banner, as they do
 * when the caller says why this run plans nothing (CDKTF_SERVERLESS_PLANS_SKIPPED). Returns
 * `describe` or `describe.skip` for a block of plan tests.
 */
export function describeWithTerraform(): jest.Describe {
  if (plansSkipped) {
    banner([`SKIPPED: Terraform plan tests: ${plansSkipped}.`]);
    return describe.skip;
  }
  if (!terraform) {
    banner(["SKIPPED: Terraform plan tests: no `terraform` on PATH.", "Install Terraform >= 1.10 to run them; CI fails instead of skipping."]);
    if (process.env.CI) throw new Error("terraform is required in CI for the plan tests");
    return describe.skip;
  }
  return describe;
}

async function runBatch(): Promise<PlanResults> {
  const work = mkdtempSync(join(tmpdir(), "cdktf-serverless-plan-"));
  try {
    const mirror = findProviderMirror();
    const providers = mirror ? `the local mirror ${mirror}` : "the registry (no local mirror found)";
    const outdir = appOutdir();
    const requests: PlanRequest[] = plannableAppStacks(outdir).map((name) => ({ name, dir: join(outdir, "stacks", name) }));
    // Loaded here, not on import: only the suite that runs the batch builds these stacks.
    const { synthPlanned } = require("./planned-stacks") as typeof import("./planned-stacks");
    const planned = synthPlanned(join(work, "synth"));
    for (const entry of planned.stacks) {
      if (requests.some((r) => r.name === entry.name)) throw new Error(`planned-stacks.ts: ${entry.name} is also a stack of the app`);
      requests.push(entry);
    }
    const result = await planBatch(terraform!, requests, join(work, "terraform"), writeCliConfig(work, mirror), { mirror: mirror !== undefined, changes: planned.changes });
    return { runs: Object.fromEntries(result.runs.map((r) => [r.stack, r])), changes: result.changes, batched: result.batched, fallback: result.fallback, providers };
  } catch (error) {
    return { runs: {}, changes: {}, batched: [], providers: "", error: (error as Error).stack ?? String(error) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let results: Promise<PlanResults> | undefined;

/** The results of the run's plan batch: run here if no other suite has started it, else awaited. */
export function planResults(): Promise<PlanResults> {
  if (plansSkipped) return Promise.reject(new Error(`this run plans nothing: ${plansSkipped}`));
  if (!terraform) return Promise.reject(new Error("no terraform on PATH"));
  results ??= (async () => {
    const shared = process.env.CDKTF_SERVERLESS_PLAN_DIR;
    if (!shared) return runBatch();
    const file = join(shared, "results.json");
    let owner = false;
    try {
      mkdirSync(join(shared, "started"));
      owner = true;
    } catch {
      // Another worker runs it.
    }
    if (owner) {
      const own = await runBatch();
      writeFileSync(`${file}.tmp`, JSON.stringify(own));
      renameSync(`${file}.tmp`, file);
      return own;
    }
    for (const deadline = Date.now() + PLAN_TIMEOUT_MS; !existsSync(file); await sleep(200)) {
      if (Date.now() > deadline) throw new Error(`no plan results in ${file} after ${PLAN_TIMEOUT_MS / 1000} s (the suite that ran the batch died?)`);
    }
    return JSON.parse(readFileSync(file, "utf8")) as PlanResults;
  })();
  return results;
}

/**
 * The plan of one stack of the batch: an app stack by its name, or an entry of PLANNED_STACKS.
 * Await it with PLAN_TIMEOUT_MS as the hook's or test's timeout.
 */
export async function plannedStack(name: string): Promise<TerraformRun> {
  const all = await planResults();
  if (all.error) throw new Error(`the plan batch could not run: ${all.error}`);
  const run = all.runs[name];
  if (!run) throw new Error(`no stack ${name} in the plan batch; it planned ${Object.keys(all.runs).join(", ")} (add a stack in __tests__/terraform/planned-stacks.ts)`);
  return run;
}

/**
 * The plans of one change of the batch (an entry of PLANNED_CHANGES), by configuration name. Await it
 * with PLAN_TIMEOUT_MS as the hook's or test's timeout.
 */
export async function plannedChange(name: string): Promise<Record<string, PlannedChange>> {
  const all = await planResults();
  if (all.error) throw new Error(`the plan batch could not run: ${all.error}`);
  const change = all.changes[name];
  if (!change) throw new Error(`no change ${name} in the plan batch; it planned ${Object.keys(all.changes).join(", ") || "none"} (add one in __tests__/terraform/planned-stacks.ts)`);
  return change;
}
