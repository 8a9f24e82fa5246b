import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthApp } from "./app-output";

/**
 * Once per test run, before any suite:
 * - synthesizes the project's app with the command in cdktf.json, for every suite that reads the
 *   shipped stacks' output (appOutdir: packages, IAM audit, findings, Terraform plans);
 * - makes the folder where the run's one plan batch leaves its results for every worker
 *   (plannedStack in ./terraform/harness.ts).
 * Workers inherit both paths through the environment.
 */
export default function globalSetup(): void {
  process.env.CDKTF_SERVERLESS_APP_OUTDIR = synthApp(join(__dirname, ".."));
  process.env.CDKTF_SERVERLESS_PLAN_DIR = mkdtempSync(join(tmpdir(), "cdktf-serverless-plans-"));
}
