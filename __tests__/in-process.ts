/**
 * Runs a command's own function in this jest worker instead of a child process (docs/testing.md):
 * scripts/run-app.js's runApp, which `node scripts/run-app.js <entry>` calls (and `npm run synth`,
 * and the cdktf CLI through cdktf.json's "app"), and a project's deploy order as
 * `npm run deploy-order` computes it (scripts/deploy-order.ts: deployOrderOfApp). A Node process
 * running an app costs about half a second of CPU before the app does anything; here cdktf and the
 * provider bindings are loaded once per worker.
 *
 * The app runs as in its own process: run-app.js is loaded by Node's own module system
 * (a Module's require), not by jest's, so that the app, the cdktf it uses (the one run-app.js intercepts)
 * and the `process` they see are Node's, not a suite's sandbox (jest gives each suite a copy of
 * `process`, whose env the app would not see). Around each run, what a process would own is set and
 * put back: the environment variables given, the working directory, the exit code; and what the
 * run writes to stdout and stderr is its output. Runs never overlap (each is awaited).
 *
 * A suite still spawns the command itself for what is about the process: its exit status as the
 * shell sees it, a Node flag, concurrent runs, file permissions as another user, the real cdktf CLI.
 */
import { readFileSync } from "node:fs";
import Module from "node:module";
import { dirname, join, resolve } from "node:path";
import type { AppRunner } from "../scripts/deploy-order";
import type { DeployOrder } from "../stacks/deploy-order";

const ROOT = join(__dirname, "..");

/**
 * A `require` of Node's own module system, as a module at `filename` has it. (jest's `createRequire`
 * gives jest's own; a Module's `require` is Node's, as run-app.js uses it to run the app.)
 */
export function nodeRequireAt(filename: string): (id: string) => unknown {
  const NodeModule = Module as unknown as { new (id: string): NodeModule; _nodeModulePaths(dir: string): string[] };
  const module = new NodeModule(filename);
  module.filename = filename;
  module.paths = NodeModule._nodeModulePaths(dirname(filename));
  return (id) => module.require(id);
}
interface NodeModule {
  filename: string;
  paths: string[];
  require(id: string): unknown;
}

const nodeRequire = nodeRequireAt(__filename);
/** Node's own `process`, which the apps see (a suite's `process` is jest's copy). */
const nodeProcess = nodeRequire("node:process") as NodeJS.Process;

/** What a run printed and the exit status its process would have had. */
export interface CommandRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface InProcessOptions {
  /** Environment variables for the run (undefined: unset), as a child process's env would give them. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The working directory of the run. @default the worker's */
  readonly cwd?: string;
}

type Write = NodeJS.WriteStream["write"];

/** Runs `body` as a command would run in its own process; resolves with its output, status and value. */
export async function asCommand<T>(body: () => Promise<T>, options: InProcessOptions = {}): Promise<CommandRun & { readonly value: T }> {
  const env = options.env ?? {};
  const savedEnv = Object.keys(env).map((key) => [key, nodeProcess.env[key]] as const);
  const savedCwd = nodeProcess.cwd();
  const savedExitCode = nodeProcess.exitCode;
  const streams = { stdout: nodeProcess.stdout, stderr: nodeProcess.stderr };
  const writes = { stdout: streams.stdout.write, stderr: streams.stderr.write };
  const output = { stdout: "", stderr: "" };
  const capture = (name: "stdout" | "stderr"): Write =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      output[name] += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
      const done = rest.find((r) => typeof r === "function") as (() => void) | undefined;
      if (done) process.nextTick(done);
      return true;
    }) as Write;
  const setEnv = (entries: readonly (readonly [string, string | undefined])[]) => {
    for (const [key, value] of entries) {
      if (value === undefined) delete nodeProcess.env[key];
      else nodeProcess.env[key] = value;
    }
  };
  setEnv(Object.entries(env));
  nodeProcess.exitCode = undefined;
  streams.stdout.write = capture("stdout");
  streams.stderr.write = capture("stderr");
  try {
    if (options.cwd) nodeProcess.chdir(options.cwd);
    const value = await body();
    return { status: Number(nodeProcess.exitCode ?? 0), stdout: output.stdout, stderr: output.stderr, value };
  } finally {
    streams.stdout.write = writes.stdout;
    streams.stderr.write = writes.stderr;
    nodeProcess.exitCode = savedExitCode;
    nodeProcess.chdir(savedCwd);
    setEnv(savedEnv);
  }
}

/** What runApp resolves: every stack of the app, and those written; false when the run failed. */
export type AppRun = false | { readonly stacks: string[]; readonly written: string[] };

interface Runner {
  runApp(entry: string, options?: { stacks?: readonly string[]; onReports?: (reports: unknown[]) => void }): Promise<AppRun>;
}

/**
 * `node scripts/run-app.js <entry>` with CDKTF_OUTDIR=`outdir`, in this process: the project's runner
 * bundles and runs the app, and its output replaces `outdir` whole. `value` is runApp's result (false
 * when the run failed: status 1, the error on stderr); `stacks` as `npm run synth -- <stack>...` names them.
 */
export function runAppInProcess(
  entry: string,
  outdir: string,
  options: InProcessOptions & { readonly stacks?: readonly string[] } = {},
): Promise<CommandRun & { readonly value: AppRun }> {
  const runner = nodeRequire(join(ROOT, "scripts", "run-app.js")) as Runner;
  return asCommand(() => runner.runApp(entry, { stacks: options.stacks }), { ...options, env: { ...options.env, CDKTF_OUTDIR: outdir } });
}

/**
 * `npm run deploy-order` in the project at `projectDir` (this one or a copy), in this process: the
 * project's own scripts/deploy-order.ts places the stacks of its main.ts, with its run-app.js loaded
 * by Node's module system. `value` is the order (its `stages` are what the command prints as JSON,
 * its `manual` stacks what it names on stderr), undefined when it cannot be built (status 1, the
 * error on stderr, as the command prints it).
 */
export async function deployOrderInProcess(projectDir: string): Promise<CommandRun & { readonly value: DeployOrder | undefined }> {
  const script = join(projectDir, "scripts", "deploy-order.ts");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { deployOrderOfApp } = require(script) as typeof import("../scripts/deploy-order");
  const runner = nodeRequireAt(script)("./run-app.js") as AppRunner;
  const run = await asCommand(() => deployOrderOfApp(join(projectDir, "main.ts"), runner), { cwd: projectDir });
  return { ...run, status: run.value ? run.status : 1 };
}

/**
 * `npm run synth [-- <stack>...]` in the project at `projectDir` (this one, a copy or a fixture), in
 * this process: what scripts/synth.js does with a project whose cdktf.json "app" is the runner
 * (`node <path>/run-app.js <entry>`). That run-app.js runs the app in the project's folder into
 * `outdir` (default cdktf.json's "output", else cdktf.out), with the environment the cdktf CLI gives
 * an app (scripts/synth-environment.js). `value` is runApp's result; `folded`, the rule packs'
 * findings as npm run synth prints them. What the script itself adds (its exit status, the summary
 * line, removing the folders of stacks gone) is tested on the script (synth.test.ts).
 */
export async function synthInProcess(
  projectDir: string,
  options: { readonly stacks?: readonly string[]; readonly outdir?: string } = {},
): Promise<CommandRun & { readonly value: AppRun; readonly folded: readonly string[] }> {
  const config = JSON.parse(readFileSync(join(projectDir, "cdktf.json"), "utf8")) as { app: string; output?: string };
  const app = /^node\s+(\S*run-app\.js)\s+(\S+)\s*$/.exec(config.app);
  if (!app) throw new Error(`${projectDir}/cdktf.json: "app" is not the runner (node <path>/run-app.js <entry>): ${config.app}`);
  const requireHere = nodeRequireAt(resolve(projectDir, app[1]));
  const runner = requireHere("./run-app.js") as Runner;
  const { synthEnvironment } = requireHere("./synth-environment.js") as { synthEnvironment(config: unknown, outdir: string, contextJson?: string): Record<string, string> };
  const { foldedReport } = requireHere("./synth-report.js") as { foldedReport(reports: unknown[]): string[] };
  let folded: string[] = [];
  const env = synthEnvironment(config, options.outdir ?? config.output ?? "cdktf.out", nodeProcess.env.CDKTF_CONTEXT_JSON);
  const run = await asCommand(() => runner.runApp(app[2], { stacks: options.stacks, onReports: (reports) => (folded = foldedReport(reports)) }), { env, cwd: projectDir });
  return { ...run, folded };
}
