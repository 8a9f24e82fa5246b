/**
 * What Terraform plans when a stack's configuration changes under an applied state, offline: the
 * configuration as it was is applied with a mocked AWS provider (`terraform test`, `mock_provider`:
 * every computed attribute made up, nothing called), then the configuration as it is now is planned
 * against that state (`state_key` shares it between the runs). The plan shows what moves
 * (`moved` blocks), what is updated in place and what is replaced, as it would against the real state.
 * A change is a test file of the run's plan batch (./batch.ts), beside the stacks' plan: one
 * Terraform process loads the provider's schema for both.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { offlineConfig } from "./offline";

/** Terraform's result of planning `after` over the state `before` left. */
export interface PlannedChange {
  readonly ok: boolean;
  /** `Plan: N to add, N to change, N to destroy.` of the plan of `after`. */
  readonly planLine?: string;
  /** Each `moved` Terraform followed, as `from -> to` addresses. */
  readonly moves: readonly string[];
  /** Addresses Terraform would destroy and re-create. */
  readonly replaced: readonly string[];
  /** Addresses Terraform would update in place. */
  readonly updated: readonly string[];
  /** Terraform's output for this change: its own run's part when the test ran, everything when a step failed. */
  readonly output: string;
}

const ACCOUNT = "111111111111";
const REGION = "eu-west-1";
const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:mock`;

/**
 * Computed attributes the provider validates where other resources use them (a role's ARN as a
 * function's `role`, a queue's ARN as a mapping's source): mocked as valid ones, the same in both
 * runs. Other computed attributes are made up by Terraform.
 */
const MOCKED_ATTRIBUTES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  aws_iam_role: { arn: `arn:aws:iam::${ACCOUNT}:role/mock` },
  aws_lambda_function: {
    arn: FUNCTION_ARN,
    qualified_arn: `${FUNCTION_ARN}:1`,
    invoke_arn: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${FUNCTION_ARN}/invocations`,
  },
  aws_lambda_alias: { arn: `${FUNCTION_ARN}:live`, invoke_arn: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${FUNCTION_ARN}:live/invocations` },
  aws_sqs_queue: { arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:mock`, url: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/mock` },
  aws_dynamodb_table: { arn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/mock`, stream_arn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/mock/stream/2026-01-01T00:00:00.000` },
  aws_sns_topic: { arn: `arn:aws:sns:${REGION}:${ACCOUNT}:mock` },
  aws_s3_bucket: { arn: "arn:aws:s3:::mock" },
  aws_cloudwatch_event_rule: { arn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/mock` },
  aws_cloudwatch_event_bus: { arn: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/mock` },
  aws_cloudwatch_log_group: { arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:mock` },
  aws_kinesis_stream: { arn: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/mock` },
  aws_secretsmanager_secret: { arn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:mock-AbCdEf` },
};

/** A change to plan over an applied state: `before` applied, then each of `after` planned over that state. */
export interface ChangeRequest {
  /** The change's name, unique in a batch: a test file's and a folder's name ([a-z][a-z0-9_]*). */
  readonly name: string;
  /** The configuration as it was (a synthesized `cdk.tf.json`), applied with the mocked provider. */
  readonly before: Record<string, unknown>;
  /** The configurations as they are now, by name ([a-z][a-z0-9_]*, not "before"), each planned over that state. */
  readonly after: Readonly<Record<string, Record<string, unknown>>>;
}

/** A change's name, and the name of each of its configurations: a run block's and a folder's name. */
const CHANGE_NAME = /^[a-z][a-z0-9_]*$/;

/** Where a change's configurations go, relative to the root that holds its test file. */
export const changeFolder = (change: string, config: string) => `changes/${change}/${config}`;

/** The name of a change's test file in that root. */
export const changeTestFileName = (change: string) => `change_${change}.tftest.hcl`;

/**
 * Writes one change into `root` (a Terraform root module folder, initialized afterwards): each of
 * its configurations, offline, as a module folder, and its test file. The test file has a mocked
 * AWS provider of its own (a test file's providers are its own, so other test files and the root's
 * configuration keep the real one): the old configuration applied, then each new one planned over
 * the same state (`state_key` shares it; a plan leaves the state as it is, so every configuration is
 * planned over the very state the old one left). Policy documents are data sources: mocked, their
 * JSON would be made up on each run, so it is fixed (all configurations then read the same document).
 */
export function writeChange(root: string, change: ChangeRequest): void {
  const names = Object.keys(change.after);
  const bad = [change.name, ...names].filter((name) => !CHANGE_NAME.test(name));
  if (names.length === 0 || bad.length > 0 || names.includes("before")) {
    throw new Error(`change ${JSON.stringify(change.name)}: name the change and each configuration with [a-z][a-z0-9_]*, and none of them "before" (got ${JSON.stringify(names)})`);
  }
  for (const [name, config] of [["before", change.before] as const, ...Object.entries(change.after)]) {
    const folder = join(root, changeFolder(change.name, name));
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "main.tf.json"), JSON.stringify(offlineConfig(config), null, 2));
  }
  const types = [...new Set([change.before, ...Object.values(change.after)].flatMap((config) => Object.keys((config.resource ?? {}) as Record<string, unknown>)))].sort();
  const mocks = types
    .filter((type) => MOCKED_ATTRIBUTES[type] !== undefined)
    .map((type) => `  mock_resource "${type}" {\n    defaults = ${JSON.stringify(MOCKED_ATTRIBUTES[type]).replace(/":/g, '" =').replace(/,"/g, ', "')}\n  }\n`)
    .join("");
  const run = (name: string, command: string) => `
run "${name}" {
  state_key = "stack"
${command}  module {
    source = "./${changeFolder(change.name, name)}"
  }
}
`;
  writeFileSync(
    join(root, changeTestFileName(change.name)),
    `mock_provider "aws" {\n${mocks}  mock_data "aws_iam_policy_document" {\n    defaults = { json = "{}" }\n  }\n}\n${run("before", "")}${names.map((name) => run(name, "  command   = plan\n")).join("")}`,
  );
}

/** One run block's part of `terraform test -verbose` output: its status and what it printed (its plan or state, then its diagnostics). */
export interface TestRun {
  readonly status: string;
  readonly text: string;
}

/** One test file's part of `terraform test -verbose -no-color` output, and its runs by name. */
export interface TestFile {
  readonly status?: string;
  readonly text: string;
  readonly runs: ReadonlyMap<string, TestRun>;
}

/**
 * Splits the output of `terraform test -verbose -no-color` by test file and, in each, by run block.
 * Terraform 1.11 runs the files one after the other, and prints a file as
 * `<file>... in progress`, then for each run `  run "<name>"... <status>` followed by its plan (or
 * state) and its diagnostics, then `<file>... tearing down`, `<file>... <status>` and the file's
 * own diagnostics.
 */
export function splitTestOutput(output: string): Map<string, TestFile> {
  const files = new Map<string, TestFile>();
  const lines = output.split("\n");
  const fileLine = /^(\S+\.tftest\.(?:hcl|json))\.\.\. (.+)$/;
  const runLine = /^ {2}run "([^"]+)"\.\.\. (\S+)$/;
  for (let i = 0; i < lines.length; i++) {
    const opened = fileLine.exec(lines[i]);
    if (!opened || opened[2] !== "in progress") continue;
    const file = opened[1];
    const text: string[] = [lines[i]];
    const runs = new Map<string, TestRun>();
    let status: string | undefined;
    let current: { name: string; status: string; lines: string[] } | undefined;
    const flush = () => {
      if (current) runs.set(current.name, { status: current.status, text: current.lines.join("\n") });
      current = undefined;
    };
    for (i++; i < lines.length; i++) {
      const line = lines[i];
      const other = fileLine.exec(line);
      // The next file, or the run's summary: this file's part ends.
      if ((other && other[1] !== file) || /^(Success|Failure)! /.test(line)) {
        i--;
        break;
      }
      text.push(line);
      if (status !== undefined) continue; // the file's own diagnostics, printed after its status
      if (other) {
        flush();
        if (other[2] !== "tearing down" && other[2] !== "in progress") status = other[2];
        continue;
      }
      const started = runLine.exec(line);
      if (started) {
        flush();
        current = { name: started[1], status: started[2], lines: [] };
      } else if (current) current.lines.push(line);
    }
    flush();
    files.set(file, { status, text: text.join("\n"), runs });
  }
  return files;
}

/**
 * A change's results from the output of the `terraform test` that ran its test file (see
 * writeChange): one per configuration of `after`. `output` is when the file did not run (a step
 * before failed, or Terraform printed no part for it): every configuration then fails with it.
 */
export function readChange(change: ChangeRequest, files: ReadonlyMap<string, TestFile>, output: string): Record<string, PlannedChange> {
  const file = files.get(changeTestFileName(change.name));
  const failed = (text: string): PlannedChange => ({ ok: false, moves: [], replaced: [], updated: [], output: text });
  return Object.fromEntries(
    Object.keys(change.after).map((name) => {
      const before = file?.runs.get("before");
      const run = file?.runs.get(name);
      if (!file || !before || !run) return [name, failed(file?.text ?? output)];
      // Its own run's part: another configuration's plan must not answer for this one.
      if (before.status !== "pass" || run.status !== "pass") return [name, failed(file.text)];
      const plan = run.text;
      const planned: PlannedChange = {
        ok: true,
        planLine: /Plan: \d+ to add, \d+ to change, \d+ to destroy\./.exec(plan)?.[0],
        moves: [...plan.matchAll(/# (\S+) has moved to (\S+)/g)].map((m) => `${m[1]} -> ${m[2]}`),
        replaced: [...plan.matchAll(/# (\S+) (?:must be replaced|will be replaced)/g)].map((m) => m[1]),
        updated: [...plan.matchAll(/# (\S+) will be updated in-place/g)].map((m) => m[1]),
        output: `  run "${name}"... ${run.status}\n${plan}`,
      };
      return [name, planned];
    }),
  );
}
