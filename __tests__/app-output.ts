/**
 * The project's app synthesized once per test run, shared by every suite: the fast way for a suite
 * to read what `npm run synth` writes (docs/testing.md). jest's globalSetup synthesizes it with the
 * command in cdktf.json, before any suite; a suite run without globalSetup synthesizes it once per
 * process. Read it, never write into it: a suite that needs another app synthesizes its own.
 */
import { execSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const PROJECT_ROOT = join(__dirname, "..");

/** Synthesizes the project's app with the command in its cdktf.json, into a fresh temp outdir. */
export function synthApp(projectRoot = PROJECT_ROOT): string {
  const outdir = mkdtempSync(join(tmpdir(), "cdktf-serverless-synth-"));
  const { app } = JSON.parse(readFileSync(join(projectRoot, "cdktf.json"), "utf8")) as { app: string };
  execSync(app, { cwd: projectRoot, env: { ...process.env, CDKTF_OUTDIR: outdir }, stdio: ["ignore", "ignore", "pipe"] });
  return outdir;
}

let ownSynth: string | undefined;

/** The app's output folder (holding manifest.json and stacks/<stack>/cdk.tf.json). */
export function appOutdir(projectRoot = PROJECT_ROOT): string {
  if (process.env.CDKTF_SERVERLESS_APP_OUTDIR) return process.env.CDKTF_SERVERLESS_APP_OUTDIR;
  if (!ownSynth) {
    ownSynth = synthApp(projectRoot);
    process.once("exit", () => rmSync(ownSynth!, { recursive: true, force: true }));
  }
  return ownSynth;
}

/** Names of the synthesized stacks in an outdir. */
export function stackNames(outdir = appOutdir()): string[] {
  return readdirSync(join(outdir, "stacks")).sort();
}

/** The folder of one stack of the app's output. */
export function appStackDir(stack: string): string {
  const dir = join(appOutdir(), "stacks", stack);
  if (!existsSync(join(dir, "cdk.tf.json"))) throw new Error(`the app has no stack ${stack}; it has ${stackNames().join(", ")}`);
  return dir;
}

const parsed = new Map<string, any>();

/** One stack's cdk.tf.json from the app's output, parsed once per suite. Do not mutate it. */
export function appStackJson(stack: string): any {
  if (!parsed.has(stack)) parsed.set(stack, JSON.parse(readFileSync(join(appStackDir(stack), "cdk.tf.json"), "utf8")));
  return parsed.get(stack);
}
