import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, TerraformStack } from "cdktf";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { HttpApi, ServerlessFunction, type PolicyStatement } from "../../modules/aws";
import { renamedFrom } from "../../modules/core";
import { runGraphCli } from "../../scripts/review/graph-cli";
import { runReviewCli } from "../../scripts/review/review-cli";

export const REPO_ROOT = resolve(__dirname, "..", "..");
export const FIXTURES = join(REPO_ROOT, "__tests__", "fixtures", "review");
const CODE = join(FIXTURES, "code");

export interface AwsFixture {
  readonly functionName?: string;
  readonly memorySize?: number;
  readonly policyStatements?: readonly PolicyStatement[];
  /** Also synthesize a second stack with its own function and route. */
  readonly extraStack?: boolean;
  /** The function's construct id. @default "Hello" */
  readonly functionId?: string;
  /** Declare the function renamed from this id (`renamedFrom`). */
  readonly renamedFrom?: string;
  /** Put the function behind an HTTP API route. @default true */
  readonly api?: boolean;
}

/** A fresh temp directory for one synth output. */
export function tempOutdir(label: string): string {
  return mkdtempSync(join(tmpdir(), `review-${label}-`));
}

/**
 * Synthesizes a small AWS stack with the public API, for real: one function (tiny code folder)
 * behind an HTTP API route. Returns the outdir, laid out like `cdktf.out`.
 */
export function synthAwsFixture(fixture: AwsFixture, outdir = tempOutdir("aws")): string {
  const app = new App({ outdir, stackTraces: false });
  serviceStack(app, "aws-fixture", fixture.functionName ?? "fixture-hello", fixture);
  if (fixture.extraStack) serviceStack(app, "aws-extra", "fixture-extra", {});
  app.synth();
  return outdir;
}

function serviceStack(app: App, id: string, functionName: string, fixture: AwsFixture): void {
  const stack = new TerraformStack(app, id);
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const hello = new ServerlessFunction(stack, fixture.functionId ?? "Hello", {
    functionName,
    codeDirectory: CODE,
    memorySize: fixture.memorySize,
    policyStatements: fixture.policyStatements,
  });
  if (fixture.renamedFrom) renamedFrom(hello, fixture.renamedFrom);
  if (fixture.api !== false) new HttpApi(stack, "Api", { apiName: `${id}-api`, routes: [{ method: "GET", path: "/hello", target: hello }] });
}

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Writes a synth output as cdktf lays it out (`manifest.json`, `stacks/<name>/cdk.tf.json`) from
 * hand-written Terraform JSON, one entry per stack.
 */
export function writeOutput(stacks: Readonly<Record<string, Record<string, unknown>>>, dir = tempOutdir("json")): string {
  const manifest: Record<string, unknown> = {};
  for (const [name, config] of Object.entries(stacks)) {
    mkdirSync(join(dir, "stacks", name), { recursive: true });
    writeFileSync(join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify(config));
    manifest[name] = { name, synthesizedStackPath: `stacks/${name}/cdk.tf.json`, annotations: [] };
  }
  writeFileSync(join(dir, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks: manifest }));
  return dir;
}

/**
 * Runs the review CLI in this process (its argument parsing, gates and exit codes), as `npm run review`
 * would: what scripts/review.ts calls, with what it would write to stdout and stderr and the exit code
 * it would set. `cwd` is the folder the command would run in (relative paths, `--base-ref`'s
 * repository), restored afterwards; `root` the project whose own cdktf.out must be fresh (the one the
 * script belongs to). One test spawns the script itself (review.test.ts).
 */
export function runReview(args: readonly string[], options: { readonly root?: string; readonly cwd?: string } = {}): CliRun {
  let stdout = "";
  let stderr = "";
  const io = { stdout: (t: string) => (stdout += t), stderr: (t: string) => (stderr += t) };
  const before = process.cwd();
  if (options.cwd) process.chdir(options.cwd);
  try {
    const status = runReviewCli(args, io, options.root);
    return { status, stdout, stderr };
  } finally {
    process.chdir(before);
  }
}

/** Runs the graph CLI in this process, as `npm run graph` would (scripts/graph.ts calls runGraphCli). */
export function runGraph(args: readonly string[]): CliRun {
  let stdout = "";
  let stderr = "";
  const status = runGraphCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { status, stdout, stderr };
}

/** Runs a script of the repository the way `npm run` does (tsx), as a child process: for the case that is about the process itself. */
export function runScript(script: "review" | "graph", args: readonly string[], cwd = REPO_ROOT): CliRun {
  const result = spawnSync(process.execPath, ["--require", require.resolve("tsx/cjs"), join(REPO_ROOT, "scripts", `${script}.ts`), ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The text of a Markdown section: from its heading to the next heading of the same or a higher level. */
export function section(markdown: string, heading: string): string {
  const lines = markdown.split("\n");
  const start = lines.findIndex((l) => l.trim() === heading);
  if (start === -1) return "";
  const level = /^#+/.exec(heading)![0].length;
  const end = lines.findIndex((l, i) => i > start && /^#+ /.test(l) && /^#+/.exec(l)![0].length <= level);
  return lines.slice(start, end === -1 ? undefined : end).join("\n");
}

/** The body rows of the Markdown table in a text (header and separator left out), as cells. */
export function tableRows(markdown: string): string[][] {
  return markdown
    .split("\n")
    .filter((l) => l.trim().startsWith("|") && !/^\|\s*---/.test(l.trim()))
    .slice(1)
    .map(cells);
}

/** The cells of one Markdown table row (escaped pipes kept inside their cell). */
export function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/g, "")
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}
