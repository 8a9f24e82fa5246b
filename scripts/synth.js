#!/usr/bin/env node
/*
 * `npm run synth`: what `cdktf synth` does to synthesize, without the CLI around it (the cdktf CLI
 * takes ~1.5 s to start on every run; the app itself about half a second). It runs cdktf.json's
 * "app" with the environment the CLI gives it (CDKTF_OUTDIR, CDKTF_CONTEXT_JSON with cdktf.json's
 * context, CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS, SYNTH_HCL_OUTPUT, NODE_OPTIONS, no TF_VAR_*),
 * then, as the CLI does, removes stack folders of stacks that no longer exist and names the stacks
 * written. The output is byte-identical to `npx cdktf synth` (a test compares them); `cdktf
 * synth|diff|deploy` keep working as they are, through the same "app".
 *
 * When "app" is this project's runner (`node scripts/run-app.js <entry>`), it runs in this process
 * with that environment instead of a second Node.js (about 50 ms less); any other "app" is started
 * with a shell, as the CLI starts it.
 *
 * Usage: node scripts/synth.js [--output <dir>]   (default: cdktf.json's "output", else cdktf.out)
 */
"use strict";
const { spawnSync } = require("node:child_process");
const { existsSync, readFileSync, readdirSync, rmSync, statSync } = require("node:fs");
const path = require("node:path");

const started = process.hrtime.bigint();
const config = JSON.parse(readFileSync("cdktf.json", "utf8"));
const args = process.argv.slice(2);
const at = args.findIndex((a) => a === "--output" || a === "-o");
const outdir = at >= 0 && args[at + 1] ? args[at + 1] : config.output || "cdktf.out";

const stacksDir = path.join(outdir, "stacks");
const before = existsSync(stacksDir) ? readdirSync(stacksDir).filter((d) => statSync(path.join(stacksDir, d)).isDirectory()) : [];

// Terraform variables belong to plan and apply, not to synth (the CLI drops them too).
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("TF_VAR_")));
if (!env.NODE_OPTIONS) env.NODE_OPTIONS = "--max-old-space-size=4096";
const inherited = process.env.CDKTF_CONTEXT_JSON ? JSON.parse(process.env.CDKTF_CONTEXT_JSON) : {};
const relativeModules = (config.terraformModules || []).filter((m) => {
  const source = typeof m === "string" ? m : m.source;
  return source.startsWith("./") || source.startsWith("../");
});
Object.assign(env, {
  CDKTF_OUTDIR: outdir,
  CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: "true",
  CDKTF_CONTEXT_JSON: JSON.stringify({ ...(config.context || {}), ...inherited, cdktfRelativeModules: relativeModules }),
  SYNTH_HCL_OUTPUT: "false",
});

const RUNNER = /^node\s+(\S*run-app\.js)(?:\s+(\S+))?\s*$/;
const runner = RUNNER.exec(config.app);
if (runner && path.resolve(runner[1]) === path.join(__dirname, "run-app.js")) {
  // The same variables, set on this process: the app reads process.env.
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  Object.assign(process.env, env);
  require("./run-app.js")
    .runApp(runner[2])
    .then((ok) => {
      if (!ok) return failed(1);
      // After anything the app left on the event loop, as when its process exits.
      process.once("beforeExit", () => {
        if (process.exitCode) return failed(process.exitCode);
        finish();
      });
    });
} else {
  const run = spawnSync(config.app, { shell: true, stdio: "inherit", env });
  if (run.status !== 0) failed(run.status || 1, run.signal);
  else finish();
}

function failed(code, signal) {
  console.error(`synth failed (\`${config.app}\`: exit ${signal || code}); nothing new is in ${outdir}/manifest.json`);
  process.exit(code || 1);
}

function finish() {
  const manifestPath = path.join(outdir, "manifest.json");
  if (!existsSync(manifestPath)) {
    console.error(`synth failed: the app did not call app.synth(), so ${manifestPath} was not written`);
    process.exit(1);
  }
  const stacks = Object.keys(JSON.parse(readFileSync(manifestPath, "utf8")).stacks);
  for (const orphan of before.filter((d) => !stacks.includes(d))) rmSync(path.join(stacksDir, orphan), { recursive: true, force: true });
  if (stacks.length === 0) {
    console.error("ERROR: No Terraform code synthesized.");
    process.exit(1);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`Synthesized ${stacks.length} stacks into ${outdir}/ in ${seconds.toFixed(2)} s: ${stacks.join(", ")}`);
}
