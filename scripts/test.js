#!/usr/bin/env node
/*
 * `npm test`: the type check (`tsc --noEmit`, TypeScript 7's native compiler: the package
 * typescript-native, see the README) and the test suite (jest) side by side, not one after the
 * other: jest's two workers do not keep both cores busy all the time (start-up, the app's synth in
 * globalSetup, the last suites), so together they finish sooner than in a row. Both always run to
 * the end; `npm test` fails if either fails. Arguments go to jest (`npm test -- __tests__/modules`),
 * as they did with `tsc --noEmit && jest`.
 *
 * tsc's output is held and printed whole after jest's, so the two never interleave; the last line
 * says what each found.
 *
 * Every Node.js process of the run (tsc, jest's workers, the apps and scripts the suites start) gets
 * a larger young generation (--max-semi-space-size=64, in MB; Node's default is 16 or less): tsc and
 * cdktf allocate many short-lived objects, and fewer scavenges saved about a tenth of their CPU time
 * here. It changes no behaviour, only when the garbage collector runs.
 */
"use strict";
const { spawn } = require("node:child_process");
const { dirname, join } = require("node:path");

const started = Date.now();
if (!/--max-semi-space-size/.test(process.env.NODE_OPTIONS ?? "")) {
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --max-semi-space-size=64`.trim();
}
const seconds = () => ((Date.now() - started) / 1000).toFixed(1);

function run(label, script, args, stdio) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { stdio });
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    child.on("error", (error) => resolve({ label, code: 1, output: `${output}${error.message}\n` }));
    child.on("close", (code, signal) => resolve({ label, code: code ?? (signal ? 1 : 0), signal, output, at: seconds() }));
  });
}

// TypeScript 7's package exports no bin path: its folder is found through its package.json.
const tsc = join(dirname(require.resolve("typescript-native/package.json")), "bin", "tsc");
// One checker thread: beside jest's two workers, tsc's own threads buy no wall time on two cores and
// cost about 1.3 s more CPU (each checker redoes the global types); the errors are the same.
const typecheck = run("tsc --noEmit", tsc, ["--noEmit", "--singleThreaded"], ["ignore", "pipe", "pipe"]);
const suite = run("jest", require.resolve("jest/bin/jest"), process.argv.slice(2), "inherit");

Promise.all([typecheck, suite]).then((results) => {
  const [tsc] = results;
  process.stderr.write(tsc.code === 0 ? `\ntsc --noEmit: no type errors (done at ${tsc.at} s)\n` : `\n${tsc.output}\ntsc --noEmit: type errors, exit ${tsc.code} (done at ${tsc.at} s)\n`);
  const failed = results.filter((r) => r.code !== 0);
  process.stderr.write(`npm test: ${failed.length === 0 ? "type check and tests passed" : `FAILED: ${failed.map((r) => r.label).join(" and ")}`} (${seconds()} s)\n`);
  process.exit(failed.length === 0 ? 0 : 1);
});
