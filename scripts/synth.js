#!/usr/bin/env node
/*
 * `npm run synth [-- <stack>...]`: what `cdktf synth` does to synthesize, without the CLI around it
 * (the cdktf CLI takes ~1.5 s to start on every run; the app itself about half a second). It runs
 * cdktf.json's "app" with the environment the CLI gives it (CDKTF_OUTDIR, CDKTF_CONTEXT_JSON with
 * cdktf.json's context, CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS, SYNTH_HCL_OUTPUT: see
 * scripts/synth-environment.js; NODE_OPTIONS, no TF_VAR_*), then, as the CLI does, removes stack folders of stacks that no longer exist and
 * names the stacks written. The output is byte-identical to `npx cdktf synth` (a test compares
 * them); `cdktf synth|diff|deploy` keep working as they are, through the same "app".
 *
 * When "app" is this project's runner (`node scripts/run-app.js <entry>`), it runs in this process
 * with that environment instead of a second Node.js (about 50 ms less), and:
 * - with stack names, only those stacks are synthesized and written (docs/synth.md: cdktf.out then
 *   holds those stacks alone, each byte-identical to a full synth; an unknown name is refused with
 *   the list of the app's stacks);
 * - it prints, on stderr, the rule packs' findings folded by rule (scripts/synth-report.js), warnings
 *   included, and each stack's suppressions as one line.
 * Any other "app" is started with a shell, as the CLI starts it (no stack names then).
 *
 * Usage: node scripts/synth.js [--output <dir>] [<stack>...]   (output: cdktf.json's "output", else cdktf.out)
 */
"use strict";
const { spawnSync } = require("node:child_process");
const { existsSync, readFileSync, readdirSync, rmSync, statSync } = require("node:fs");
const path = require("node:path");
const { synthEnvironment } = require("./synth-environment");
const { foldedReport } = require("./synth-report");

const started = process.hrtime.bigint();
const config = JSON.parse(readFileSync("cdktf.json", "utf8"));
const { output, stacks: named } = parseArgs(process.argv.slice(2));
const outdir = output || config.output || "cdktf.out";

const stacksDir = path.join(outdir, "stacks");
const before = existsSync(stacksDir) ? readdirSync(stacksDir).filter((d) => statSync(path.join(stacksDir, d)).isDirectory()) : [];

// Terraform variables belong to plan and apply, not to synth (the CLI drops them too).
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("TF_VAR_")));
if (!env.NODE_OPTIONS) env.NODE_OPTIONS = "--max-old-space-size=4096";
Object.assign(env, synthEnvironment(config, outdir, process.env.CDKTF_CONTEXT_JSON));

/** The rule packs' findings, folded (scripts/synth-report.js), once the app has synthesized. */
let folded = [];

const RUNNER = /^node\s+(\S*run-app\.js)(?:\s+(\S+))?\s*$/;
const runner = RUNNER.exec(config.app);
if (runner && path.resolve(runner[1]) === path.join(__dirname, "run-app.js")) {
  // The same variables, set on this process: the app reads process.env.
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  Object.assign(process.env, env);
  // Printed last, after any error's detail: the summary is what stays on screen.
  const onReports = (reports) => (folded = foldedReport(reports));
  require("./run-app.js")
    .runApp(runner[2], { stacks: named.length > 0 ? named : undefined, onReports })
    .then((result) => {
      if (!result) return failed(1);
      // After anything the app left on the event loop, as when its process exits.
      process.once("beforeExit", () => {
        if (process.exitCode) return failed(process.exitCode);
        finish(result);
      });
    });
} else if (named.length > 0) {
  console.error(`synth of named stacks (${named.join(", ")}) needs cdktf.json's "app" to be this project's runner (node scripts/run-app.js <entry>); it is \`${config.app}\`. Nothing was written.`);
  process.exit(2);
} else {
  const run = spawnSync(config.app, { shell: true, stdio: "inherit", env });
  if (run.status !== 0) failed(run.status || 1, run.signal);
  else finish();
}

function failed(code, signal) {
  for (const line of folded) console.error(line);
  console.error(`synth failed (\`${config.app}\`: exit ${signal || code}); nothing new is in ${outdir}/manifest.json`);
  process.exit(code || 1);
}

/**
 * After the app: removes the folders of stacks that are gone and names the stacks written. `ran`
 * (in-process runs) lists every stack of the app: the folders of stacks not named in a partial
 * synth stay (Terraform's working files in them are kept; their synthesized files are not there).
 */
function finish(ran) {
  const manifestPath = path.join(outdir, "manifest.json");
  if (!existsSync(manifestPath)) {
    console.error(`synth failed: the app did not call app.synth(), so ${manifestPath} was not written`);
    process.exit(1);
  }
  const stacks = Object.keys(JSON.parse(readFileSync(manifestPath, "utf8")).stacks);
  const inApp = ran ? ran.stacks : stacks;
  for (const orphan of before.filter((d) => !inApp.includes(d))) rmSync(path.join(stacksDir, orphan), { recursive: true, force: true });
  if (stacks.length === 0) {
    console.error("ERROR: No Terraform code synthesized.");
    process.exit(1);
  }
  for (const line of folded) console.error(line);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const others = inApp.filter((s) => !stacks.includes(s));
  if (others.length === 0) console.log(`Synthesized ${stacks.length} stacks into ${outdir}/ in ${seconds.toFixed(2)} s: ${stacks.join(", ")}`);
  else {
    console.log(
      `Synthesized ${stacks.length} of ${inApp.length} stacks into ${outdir}/ in ${seconds.toFixed(2)} s: ${stacks.join(", ")}; ` +
        `not in ${outdir}/ now: ${others.join(", ")} (npm run synth without names writes every stack)`,
    );
  }
}

/** `[--output|-o <dir>] [<stack>...]`; anything else starting with - is refused. */
function parseArgs(args) {
  const stacks = [];
  let output;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--output" || arg === "-o") {
      if (!args[i + 1]) usage(`${arg} needs a folder`);
      output = args[++i];
    } else if (arg.startsWith("--output=")) output = arg.slice("--output=".length);
    else if (arg.startsWith("-")) usage(`unknown option ${arg}`);
    else if (!stacks.includes(arg)) stacks.push(arg);
  }
  return { output, stacks };
}

function usage(problem) {
  console.error(`${problem}\nUsage: npm run synth [-- [--output <dir>] [<stack>...]]`);
  process.exit(2);
}
