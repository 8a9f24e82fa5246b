// `npm run bench`: the project's speed and size targets. Measures, on this machine and in one run, the synth of all
// stacks with the project's app command, the same stacks written the stock cdktf way
// (bench/reference), one stack of 10/100/500 functions (bench/scale), the test suite, `npm run local`
// serving aws-dev (start-up to first answer), the sample
// handlers' zip sizes, where the app's time goes and how many processes a synth starts; writes
// bench/RESULTS.md. Offline. See docs/readme/bench.md.
//
//   npm run bench                      full run (10 to 12 minutes on 2 cores, `.ci/run` included)
//   npm run bench -- --quick           fewer runs, no N=500, no test suite, no CI run
//   npm run bench -- --only app,trace  re-run some measurements, merged with bench/.work/results.json
//   npm run bench -- --render          rewrite bench/RESULTS.md from bench/.work/results.json only
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { runProfiled } from "./bench/cpu-profile";
import { measureEventChain, measureLocalStart } from "./bench/local-start";
import { currentLoad, machineInfo } from "./bench/machine";
import { runMeasured, summarize } from "./bench/measure";
import { evaluateTargets, renderResults } from "./bench/report";
import type { BenchResults, Measurement, ProfileResult, RunSample, TraceSummary } from "./bench/results";
import { countStacks, packageFiles } from "./bench/synth-output";
import { countProcesses, runTraced } from "./bench/trace";
import { projectFiles } from "./project-files";

const ROOT = resolve(__dirname, "..");
const BENCH = join(ROOT, "bench");
const WORK = join(BENCH, ".work");
const RESULTS_MD = join(BENCH, "RESULTS.md");
const RESULTS_JSON = join(WORK, "results.json");
const REFERENCE_DIR = join(BENCH, "reference");
const TRACE_PRELOAD = join(BENCH, "preload", "trace.cjs");
const PROFILE_PRELOAD = join(BENCH, "preload", "cpu-profile.cjs");
const SCALE_MAIN = "bench/scale/main.ts";

const SCALE_NAMES = ["scale-10", "scale-100", "scale-500", "scale-100-distinct"] as const;
const ALL_NAMES = ["app", "floor", "synth", "cli-synth", "cold", "reference", ...SCALE_NAMES, "trace", "profile", "local", "test", "ci"] as const;
type Name = (typeof ALL_NAMES)[number];

interface Options {
  readonly quick: boolean;
  readonly render: boolean;
  readonly only?: readonly Name[];
}

function parseArgs(argv: readonly string[]): Options {
  let quick = false;
  let render = false;
  let only: Name[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--quick") quick = true;
    else if (arg === "--render") render = true;
    else if (arg === "--only" || arg.startsWith("--only=")) {
      const value = arg === "--only" ? argv[++i] : arg.slice("--only=".length);
      if (!value) fail("--only needs a name: " + ALL_NAMES.join(", ") + " (or scale for all scale runs)");
      only = value.split(",").flatMap((n) => (n === "scale" ? [...SCALE_NAMES] : [n])) as Name[];
      const unknown = only.filter((n) => !(ALL_NAMES as readonly string[]).includes(n));
      if (unknown.length > 0) fail(`unknown --only name(s) ${unknown.join(", ")}; use ${ALL_NAMES.join(", ")} or scale`);
    } else if (arg === "--help" || arg === "-h") {
      process.stdout.write(`${readFileSync(__filename, "utf8").split("\n").filter((l) => l.startsWith("//")).join("\n")}\n`);
      process.exit(0);
    } else fail(`unknown argument ${arg}`);
  }
  return { quick, render, only };
}

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

const log = (message: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

/** The environment of every measured process: the caller's, minus anything that changes the runs. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: "1" };
  for (const key of ["NODE_OPTIONS", "CDKTF_OUTDIR", "TSX_DISABLE_CACHE", "BENCH_TRACE_DIR", "BENCH_CPU_PROFILE_DIR", "BENCH_FUNCTIONS", "BENCH_ENTRIES_DIR"]) {
    delete env[key];
  }
  return env;
}

function appCommand(cdktfJson: string): string {
  const { app } = JSON.parse(readFileSync(cdktfJson, "utf8")) as { app?: string };
  if (!app) fail(`${relative(ROOT, cdktfJson)} has no "app"`);
  return app;
}

/** The project's runner applied to bench/scale/main.ts (BENCH_SCALE_COMMAND overrides). */
function scaleCommand(projectApp: string): string {
  if (process.env.BENCH_SCALE_COMMAND) return process.env.BENCH_SCALE_COMMAND;
  if (/(^|\s)(\.\/)?main\.ts(\s|$)/.test(projectApp)) return projectApp.replace(/(^|\s)(\.\/)?main\.ts(?=\s|$)/, `$1${SCALE_MAIN}`);
  return `node --require tsx/cjs ${SCALE_MAIN}`;
}

/** What every synth of this project loads at the least (the floor row). */
const FLOOR_MODULES = ["cdktf", "@cdktf/provider-aws/lib/provider", "@cdktf/provider-google/lib/provider"];

/** The service the local event-chain row runs (a queue, a table stream and a topic between three functions). */
const LOCAL_CHAIN_MAIN = "__tests__/fixtures/local-chain/main.ts";
const tempOutdir = () => mkdtempSync(join(tmpdir(), "cdktf-bench-out-"));

interface MeasureSpec {
  readonly name: string;
  readonly label: string;
  readonly command: string;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly runs: number;
  readonly warmups: number;
  /** Count the stacks and packages of the last run's output. */
  readonly analyse?: boolean;
  readonly functions?: number;
  readonly distinctEntries?: boolean;
  readonly timeoutMs?: number;
  /** Give each run a fresh CDKTF_OUTDIR (apps); false for the test suite, which must see the caller's environment. */
  readonly outdir?: boolean;
  /** Runs before every run, warm-ups included (e.g. clearing caches for a cold run). */
  readonly before?: () => void;
  /** Lines of the output to keep whole (see RunOptions.collect). */
  readonly collect?: RegExp;
  /** How the runs start, for the results. */
  readonly note?: string;
}

// The test suite runs apps of its own (e.g. review --base-ref in a temporary repository): an inherited
// CDKTF_OUTDIR would send their output elsewhere.
const runEnv = (spec: MeasureSpec, outdir: string): NodeJS.ProcessEnv => (spec.outdir === false ? spec.env : { ...spec.env, CDKTF_OUTDIR: outdir });

async function measure(spec: MeasureSpec): Promise<Measurement> {
  const loadBefore = currentLoad();
  let failure: string | undefined;
  for (let i = 0; i < spec.warmups && failure === undefined; i++) {
    const outdir = tempOutdir();
    spec.before?.();
    const run = await runMeasured({ command: spec.command, cwd: spec.cwd, env: runEnv(spec, outdir), timeoutMs: spec.timeoutMs });
    rmSync(outdir, { recursive: true, force: true });
    log(`${spec.label}: warm-up ${(run.wallMs / 1000).toFixed(2)} s${run.exitCode !== 0 ? ` FAILED (exit ${run.exitCode})` : ""}`);
    if (run.exitCode !== 0) failure = `exit code ${run.exitCode}\n${run.outputTail.slice(-12000)}`;
  }
  const samples: RunSample[] = [];
  let steps: { name: string; seconds: number }[] | undefined;
  let stacks: Measurement["stacks"];
  let packages: Measurement["packages"];
  let lastOutput = "";
  for (let i = 0; i < spec.runs && failure === undefined; i++) {
    const outdir = tempOutdir();
    try {
      spec.before?.();
      const run = await runMeasured({ command: spec.command, cwd: spec.cwd, env: runEnv(spec, outdir), timeoutMs: spec.timeoutMs, collect: spec.collect });
      samples.push({ wallMs: run.wallMs, maxRssKb: run.maxRssKb, treePeakRssKb: run.treePeakRssKb, exitCode: run.exitCode, cpuMs: run.cpuMs });
      if (spec.collect) steps = run.collected.map(stepTime).filter((x) => x !== undefined);
      lastOutput = run.outputTail;
      log(`${spec.label}: run ${i + 1}/${spec.runs} ${(run.wallMs / 1000).toFixed(2)} s, ${Math.round((run.maxRssKb ?? 0) / 1024)} MB${run.exitCode !== 0 ? ` FAILED (exit ${run.exitCode})` : ""}`);
      if (run.exitCode !== 0) failure = `exit code ${run.exitCode}\n${run.outputTail.slice(-12000)}`;
      else if (spec.analyse && i === spec.runs - 1) {
        stacks = countStacks(outdir);
        packages = packageFiles(outdir);
      }
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }
  return {
    name: spec.name,
    label: spec.label,
    command: spec.command,
    cwd: spec.cwd === ROOT || spec.cwd.startsWith(`${ROOT}/`) ? relative(ROOT, spec.cwd) || "." : "(a temporary copy)",
    at: new Date().toISOString(),
    load: [loadBefore, currentLoad()],
    warmups: spec.warmups,
    runs: samples,
    wall: summarize(samples.map((x) => x.wallMs)),
    maxRss: summarize(samples.filter((x) => x.maxRssKb !== undefined).map((x) => x.maxRssKb!)),
    treeRss: summarize(samples.map((x) => x.treePeakRssKb)),
    failure,
    stacks,
    packages,
    functions: spec.functions,
    distinctEntries: spec.distinctEntries,
    testSummary: spec.name === "test" || spec.name === "ci" ? jestSummary(lastOutput || failure || "") : undefined,
    steps,
    note: spec.note,
  };
}

/** `ci: <step>: N s`, as .ci/run prints each step's time. */
const CI_STEP = /^ci: (.+): (\d+(?:\.\d+)?) s$/;
function stepTime(line: string): { name: string; seconds: number } | undefined {
  const m = CI_STEP.exec(line.trim());
  return m ? { name: m[1], seconds: Number(m[2]) } : undefined;
}

/**
 * Removes what makes a second `npm test` faster than the first: jest's transform cache and tsc's
 * incremental build info (both per checkout, under node_modules/.cache, so a fresh clone has neither).
 */
function clearTestCaches(): void {
  const jestConfig = require(join(ROOT, "jest.config.js")) as { cacheDirectory?: string };
  const tsconfig = JSON.parse(readFileSync(join(ROOT, "tsconfig.json"), "utf8")) as { compilerOptions?: { tsBuildInfoFile?: string } };
  const paths = [jestConfig.cacheDirectory?.replace("<rootDir>", ROOT), tsconfig.compilerOptions?.tsBuildInfoFile && resolve(ROOT, tsconfig.compilerOptions.tsBuildInfoFile)];
  for (const path of paths) if (path) rmSync(path, { recursive: true, force: true });
}

/** `dir` made a copy of the project as a clone has it (no node_modules, no ignored files), for `.ci/run`. */
function freshClone(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  for (const file of projectFiles(ROOT).filter((f) => f !== "node_modules")) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(ROOT, file), join(dir, file), { verbatimSymlinks: true });
  }
}

function jestSummary(output: string): string | undefined {
  const lines = output.split("\n").filter((l) => /^(Test Suites|Tests):/.test(l.trim()));
  const failed = [...new Set(output.split("\n").filter((l) => /^FAIL /.test(l.trim())).map((l) => l.trim().slice(5)))];
  if (lines.length === 0) return undefined;
  return [...lines.map((l) => l.trim()), ...(failed.length > 0 ? [`failed: ${failed.join(", ")}`] : [])].join("\n");
}

/** bench/.work/entries-<n>/fn<i>.ts: n distinct small handlers (the worst case: nothing shared). */
function generateEntries(n: number): string {
  const dir = join(WORK, `entries-${n}`);
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < n; i++) {
    const file = join(dir, `fn${i}.ts`);
    const source = [
      `// Generated by scripts/bench.ts: distinct entry ${i} of ${n}.`,
      `const INDEX = ${i};`,
      `const GREETING = "function ${i} answers";`,
      "",
      `export const handler = async (event: { readonly pathParameters?: Readonly<Record<string, string | undefined>> }) => {`,
      `  const id = event.pathParameters?.id ?? "";`,
      `  if (!/^[A-Za-z0-9-]{1,64}$/.test(id)) return { statusCode: 400, body: JSON.stringify({ error: "invalid id", index: INDEX }) };`,
      `  return { statusCode: 200, body: JSON.stringify({ message: \`\${GREETING} \${id}\`, index: INDEX, table: process.env.TABLE_NAME }) };`,
      `};`,
      "",
    ].join("\n");
    if (!existsSync(file) || readFileSync(file, "utf8") !== source) writeFileSync(file, source);
  }
  return dir;
}

interface TraceSpec {
  readonly name: string;
  readonly label: string;
  readonly command: string;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

async function trace(spec: TraceSpec): Promise<TraceSummary> {
  const outdir = tempOutdir();
  try {
    const t = await runTraced({ command: spec.command, cwd: spec.cwd, env: { ...spec.env, CDKTF_OUTDIR: outdir }, projectRoot: ROOT, preload: TRACE_PRELOAD });
    const packages = t.run.exitCode === 0 ? packageFiles(outdir) : [];
    const functions = t.run.exitCode === 0 ? countStacks(outdir).reduce((n, st) => n + (st.byType["resource.aws_lambda_function"] ?? 0), 0) : 0;
    const appProcesses = countProcesses(t.appSpawns);
    log(`${spec.label} (traced): ${(t.run.wallMs / 1000).toFixed(2)} s, ${appProcesses.total} child processes (${appProcesses.esbuild} esbuild, ${appProcesses.node} node) for ${packages.length} zip files`);
    return {
      name: spec.name,
      label: spec.label,
      at: new Date().toISOString(),
      wallMs: t.run.wallMs,
      exitCode: t.run.exitCode,
      app: t.app,
      appProcesses,
      otherProcesses: countProcesses(t.otherSpawns),
      zipFiles: packages.length,
      zipUsers: packages.reduce((n, p) => n + p.references, 0),
      functions,
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

async function profile(spec: TraceSpec): Promise<ProfileResult> {
  const outdir = tempOutdir();
  try {
    const p = await runProfiled({ command: spec.command, cwd: spec.cwd, env: { ...spec.env, CDKTF_OUTDIR: outdir }, projectRoot: ROOT, preload: PROFILE_PRELOAD });
    log(`${spec.label} (CPU profile): ${(p.run.wallMs / 1000).toFixed(2)} s`);
    return { name: spec.name, label: spec.label, at: new Date().toISOString(), wallMs: p.run.wallMs, summary: p.summary };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (options.render) {
    if (!existsSync(RESULTS_JSON)) fail(`--render needs ${relative(ROOT, RESULTS_JSON)}: run the bench first`);
    writeFileSync(RESULTS_MD, renderResults(JSON.parse(readFileSync(RESULTS_JSON, "utf8")) as BenchResults));
    process.stdout.write(`${relative(ROOT, RESULTS_MD)} rewritten from ${relative(ROOT, RESULTS_JSON)}.\n`);
    return;
  }
  const selected = (name: Name) => (options.only ? options.only.includes(name) : !(options.quick && (name === "scale-500" || name === "test" || name === "ci")));
  const quick = options.quick;
  const env = baseEnv();
  const projectApp = appCommand(join(ROOT, "cdktf.json"));
  const referenceApp = appCommand(join(REFERENCE_DIR, "cdktf.json"));
  const scaleApp = scaleCommand(projectApp);
  mkdirSync(WORK, { recursive: true });

  const previous: BenchResults | undefined = options.only && existsSync(RESULTS_JSON) ? (JSON.parse(readFileSync(RESULTS_JSON, "utf8")) as BenchResults) : undefined;
  const results: BenchResults = {
    version: 1,
    generatedAt: new Date().toISOString(),
    quick,
    only: options.only,
    machine: machineInfo(),
    measurements: { ...(previous?.measurements ?? {}) },
    traces: { ...(previous?.traces ?? {}) },
    profiles: { ...(previous?.profiles ?? {}) },
    ...(previous?.local && { local: previous.local }),
    ...(previous?.localChain && { localChain: previous.localChain }),
  };
  log(`machine: ${results.machine.cpuModel}, ${results.machine.cores} cores, load ${results.machine.loadAverage.join("/")}; ${quick ? "quick run" : "full run"}${options.only ? `, only ${options.only.join(",")}` : ""}`);
  const save = () => {
    writeFileSync(RESULTS_JSON, `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(RESULTS_MD, renderResults(results));
  };

  const scaleEnv = (n: number, entriesDir?: string): NodeJS.ProcessEnv => ({ ...env, BENCH_FUNCTIONS: String(n), ...(entriesDir ? { BENCH_ENTRIES_DIR: entriesDir } : {}) });
  const distinctDir = selected("scale-100-distinct") || selected("trace") ? generateEntries(100) : undefined;

  if (selected("app")) {
    results.measurements.app = await measure({ name: "app", label: "All stacks, project app", command: projectApp, cwd: ROOT, env, runs: quick ? 3 : 7, warmups: 1, analyse: true });
    save();
  }
  // The least any cdktf app of both clouds pays: Node.js loading cdktf and one deep import per
  // provider. Measured right before `npm run synth` (and whenever it is), so that the ratio of the
  // two is taken under the same load.
  if (selected("floor") || selected("synth")) {
    results.measurements.floor = await measure({
      name: "floor",
      label: "Floor: Node.js loading cdktf and one deep import per provider",
      command: `node -e '${FLOOR_MODULES.map((m) => `require("${m}");`).join(" ")}'`,
      cwd: ROOT,
      env,
      runs: quick ? 3 : 7,
      warmups: 1,
    });
    save();
  }
  // What a user waits for: `npm run synth` (scripts/synth.js runs the app as the CLI would) against
  // the cdktf CLI's own `cdktf synth`, each writing into the run's fresh outdir.
  if (selected("synth")) {
    results.measurements.synth = await measure({
      name: "synth",
      label: "All stacks, `npm run synth`",
      command: 'npm run --silent synth -- --output "$CDKTF_OUTDIR"',
      cwd: ROOT,
      env,
      runs: quick ? 3 : 7,
      warmups: 1,
      analyse: true,
    });
    save();
  }
  if (selected("cli-synth")) {
    results.measurements["cli-synth"] = await measure({
      name: "cli-synth",
      label: "All stacks, `npx cdktf synth` (the cdktf CLI)",
      command: 'npx cdktf synth --output "$CDKTF_OUTDIR"',
      cwd: ROOT,
      env,
      runs: quick ? 2 : 5,
      warmups: 1,
      analyse: true,
    });
    save();
  }
  // Only a runner with a transform cache (tsx) has a colder first run after an edit to measure.
  if (selected("cold") && /\btsx\b/.test(projectApp)) {
    results.measurements.cold = await measure({
      name: "cold",
      label: "All stacks, project app, tsx cache off (first synth after an edit)",
      command: projectApp,
      cwd: ROOT,
      env: { ...env, TSX_DISABLE_CACHE: "1" },
      runs: quick ? 1 : 3,
      warmups: 0,
    });
    save();
  }
  if (selected("reference")) {
    results.measurements.reference = await measure({
      name: "reference",
      label: "All stacks, stock-style reference",
      command: referenceApp,
      cwd: REFERENCE_DIR,
      env,
      runs: quick ? 1 : 3,
      warmups: quick ? 0 : 1,
      analyse: true,
      timeoutMs: 10 * 60_000,
    });
    save();
  }
  let scaleWarmups = 1; // one warm-up for the scale app as a whole (tsx cache, file cache)
  for (const [name, n, distinct] of [
    ["scale-10", 10, false],
    ["scale-100", 100, false],
    ["scale-500", 500, false],
    ["scale-100-distinct", 100, true],
  ] as const) {
    if (!selected(name)) continue;
    results.measurements[name] = await measure({
      name,
      label: `Scale app, ${n} functions${distinct ? ", distinct entries" : ""}`,
      command: scaleApp,
      cwd: ROOT,
      env: scaleEnv(n, distinct ? distinctDir : undefined),
      runs: quick ? 1 : 3,
      warmups: scaleWarmups + (distinct ? 1 : 0),
      analyse: true,
      functions: n,
      distinctEntries: distinct,
    });
    scaleWarmups = 0;
    save();
  }
  if (selected("trace")) {
    results.traces.app = await trace({ name: "app", label: "Project app (all stacks)", command: projectApp, cwd: ROOT, env });
    results.traces["scale-100"] = await trace({ name: "scale-100", label: "Scale app, 100 functions, 5 shared entries", command: scaleApp, cwd: ROOT, env: scaleEnv(100) });
    results.traces["scale-100-distinct"] = await trace({
      name: "scale-100-distinct",
      label: "Scale app, 100 functions, 100 distinct entries",
      command: scaleApp,
      cwd: ROOT,
      env: scaleEnv(100, distinctDir),
    });
    if (!quick || options.only) {
      results.traces.reference = await trace({ name: "reference", label: "Stock-style reference (all stacks)", command: referenceApp, cwd: REFERENCE_DIR, env });
    }
    save();
  }
  if (selected("profile")) {
    results.profiles.app = await profile({ name: "app", label: "project app (all stacks)", command: projectApp, cwd: ROOT, env });
    if (!quick || options.only) {
      results.profiles.reference = await profile({ name: "reference", label: "stock-style reference (all stacks)", command: referenceApp, cwd: REFERENCE_DIR, env });
    }
    save();
  }
  if (selected("local")) {
    const outdir = tempOutdir();
    try {
      const synth = await runMeasured({ command: projectApp, cwd: ROOT, env: { ...env, CDKTF_OUTDIR: outdir } });
      if (synth.exitCode !== 0) throw new Error(`synth for the local measurement failed: ${synth.outputTail.slice(-2000)}`);
      results.local = await measureLocalStart({ root: ROOT, outdir, stack: "aws-dev", runs: quick ? 3 : 7, env, load: currentLoad });
      log(`${results.local.label}: first answer after ${(results.local.firstAnswer.median / 1000).toFixed(2)} s (median)${results.local.failure ? ` FAILED: ${results.local.failure}` : ""}`);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
    const chainOutdir = tempOutdir();
    try {
      const synth = await runMeasured({ command: projectApp.replace(/(^|\s)(\.\/)?main\.ts(?=\s|$)/, `$1${LOCAL_CHAIN_MAIN}`), cwd: ROOT, env: { ...env, CDKTF_OUTDIR: chainOutdir } });
      if (synth.exitCode !== 0) throw new Error(`synth of the local-chain fixture failed: ${synth.outputTail.slice(-2000)}`);
      results.localChain = await measureEventChain({ root: ROOT, outdir: chainOutdir, runs: quick ? 3 : 7, env, load: currentLoad });
      log(`${results.localChain.label}: ${(results.localChain.chain.median / 1000).toFixed(2)} s (median)${results.localChain.failure ? ` FAILED: ${results.localChain.failure}` : ""}`);
    } finally {
      rmSync(chainOutdir, { recursive: true, force: true });
    }
    save();
  }
  if (selected("test")) {
    // Cold, as in a fresh CI clone: the target is for that run, not for a second one on warm caches.
    results.measurements.test = await measure({
      name: "test",
      label: "Test suite (`npm test`), cold",
      command: "npm test",
      cwd: ROOT,
      env,
      runs: quick ? 1 : 2,
      warmups: 0,
      timeoutMs: 20 * 60_000,
      outdir: false,
      before: clearTestCaches,
      note: "jest's cache and tsc's build info removed before each run, as in a fresh clone",
    });
    save();
  }
  if (selected("ci")) {
    // `.ci/run` as CI runs it: in a fresh copy of the project (no node_modules), CI=true. Needs the npm
    // registry (npm ci with npm's cache, Node 22, CDK Terrain), like CI.
    const parent = mkdtempSync(join(tmpdir(), "cdktf-bench-ci-"));
    const clone = join(parent, "project");
    try {
      results.measurements.ci = await measure({
        name: "ci",
        label: "CI (`.ci/run`) in a fresh copy",
        command: "bash .ci/run",
        cwd: clone,
        env: { ...env, CI: "true" },
        runs: 1,
        warmups: 0,
        timeoutMs: 30 * 60_000,
        outdir: false,
        collect: CI_STEP,
        note: "a fresh copy of the project (no node_modules), as CI's clone",
        before: () => freshClone(clone),
      });
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
    save();
  }

  results.generatedAt = new Date().toISOString();
  save();
  process.stdout.write(`\n${relative(ROOT, RESULTS_MD)} written.\n\n`);
  for (const row of evaluateTargets(results)) process.stdout.write(`${row.result.padEnd(8)} ${row.target}: ${row.measured}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
