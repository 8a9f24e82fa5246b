import { chmodSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthApp } from "./app-output";

/**
 * Once per test run, before any suite:
 * - gives the run its own temp folder (TMPDIR, which os.tmpdir() reads), inherited by the workers and
 *   every process a suite starts, and removed whole by globalTeardown: cdktf's Testing.app() and
 *   Testing.fullSynth() make a `cdktf.outdir.*` folder per call and never remove it (about 1,600 per
 *   run), and neither does every tool a suite runs. A folder of its own also keeps the run from
 *   working in a machine temp folder of tens of thousands of entries, where making and removing each
 *   folder is slow;
 * - synthesizes the project's app with the command in cdktf.json, for every suite that reads the
 *   shipped stacks' output (appOutdir: packages, IAM audit, findings, Terraform plans);
 * - makes the folder where the run's one plan batch leaves its results for every worker
 *   (plannedStack in ./terraform/harness.ts).
 * Workers inherit these paths through the environment.
 */
export default function globalSetup(): void {
  const run = mkdtempSync(join(tmpdir(), "cdktf-serverless-test-"));
  process.env.CDKTF_SERVERLESS_TEST_TMPDIR = run;
  process.env.TMPDIR = join(run, "tmp");
  // As the machine's /tmp: suites that run a command as another user (a read-only output folder)
  // make their folders here too.
  chmodSync(run, 0o755);
  mkdirSync(process.env.TMPDIR, { mode: 0o1777 });
  chmodSync(process.env.TMPDIR, 0o1777);
  process.env.CDKTF_SERVERLESS_APP_OUTDIR = synthApp(join(__dirname, ".."));
  process.env.CDKTF_SERVERLESS_PLAN_DIR = mkdtempSync(join(tmpdir(), "cdktf-serverless-plans-"));
}
