/**
 * What Terraform plans when a stack's configuration changes under an applied state, offline: the
 * configuration as it was is applied with a mocked AWS provider (`terraform test`, `mock_provider`:
 * every computed attribute made up, nothing called), then the configuration as it is now is planned
 * against that state (`state_key` shares it between the runs). The plan shows what moves
 * (`moved` blocks), what is updated in place and what is replaced, as it would against the real state.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { offlineConfig, runTerraform } from "./offline";

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

/**
 * The test file: the old configuration (a module of its own) applied, then each new one planned on
 * the same state: a plan leaves the state as it is, so every change is planned over
 * the very state the old configuration left. Policy documents are data sources: mocked, their JSON
 * would be made up on each run, so it is fixed (all configurations then read the same document).
 */
function testFile(types: readonly string[], changes: readonly string[]): string {
  const mocks = types
    .filter((type) => MOCKED_ATTRIBUTES[type] !== undefined)
    .map((type) => `  mock_resource "${type}" {\n    defaults = ${JSON.stringify(MOCKED_ATTRIBUTES[type]).replace(/":/g, '" =').replace(/,"/g, ', "')}\n  }\n`)
    .join("");
  // The first change is the configuration under test (the folder's own: init finds the provider it
  // needs there), the others are modules.
  const plans = changes.map((name, i) => `
run "${name}" {
  state_key = "stack"
  command   = plan
${i === 0 ? "" : `  module {\n    source = "./${name}"\n  }\n`}}
`);
  return `mock_provider "aws" {
${mocks}  mock_data "aws_iam_policy_document" {
    defaults = { json = "{}" }
  }
}

run "before" {
  state_key = "stack"
  module {
    source = "./before"
  }
}
${plans.join("")}`;
}

/** A change's name: a run block's and a folder's name in the test configuration. */
const CHANGE_NAME = /^[a-z][a-z0-9_]*$/;

/**
 * Plans each configuration of `after` over the state `before` leaves (all synthesized `cdk.tf.json`
 * configurations), in `dir`, with the CLI config `cliConfig` (providers from the mirror or the
 * registry): one `terraform init` and one `terraform test` for all of them, so the provider's schema
 * loads once per step rather than once per change. Results by the names of `after`.
 */
export async function planChanges(
  terraform: string,
  before: Record<string, unknown>,
  after: Readonly<Record<string, Record<string, unknown>>>,
  dir: string,
  cliConfig: string,
): Promise<Record<string, PlannedChange>> {
  const names = Object.keys(after);
  const bad = names.filter((name) => !CHANGE_NAME.test(name) || name === "before");
  if (names.length === 0 || bad.length > 0) throw new Error(`planChanges: name each change with [a-z][a-z0-9_]* other than "before" (got ${JSON.stringify(names)})`);
  for (const [i, [name, config]] of [["before", before] as const, ...Object.entries(after)].entries()) {
    const folder = i === 1 ? dir : join(dir, name);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "main.tf.json"), JSON.stringify(offlineConfig(config), null, 2));
  }
  const types = [...new Set([before, ...Object.values(after)].flatMap((config) => Object.keys((config.resource ?? {}) as Record<string, unknown>)))].sort();
  writeFileSync(join(dir, "change.tftest.hcl"), testFile(types, names));
  let output = "";
  for (const args of [["init", "-input=false", "-no-color", "-backend=false"], ["test", "-no-color", "-verbose"]]) {
    const result = await runTerraform(terraform, args, dir, cliConfig);
    output += `$ terraform ${args.join(" ")}\n${result.output}\n`;
    if (result.code !== 0) return Object.fromEntries(names.map((name) => [name, { ok: false, moves: [], replaced: [], updated: [], output }]));
  }
  // Each change's plan is the part of the output from its run's header to the next run's.
  const headers = names.map((name) => output.indexOf(`run "${name}"`));
  return Object.fromEntries(
    names.map((name, i) => {
      const start = headers[i];
      const next = headers.filter((h) => h > start).sort((a, b) => a - b)[0];
      const plan = start < 0 ? "" : output.slice(start, next);
      const change: PlannedChange = {
        ok: start >= 0,
        planLine: /Plan: \d+ to add, \d+ to change, \d+ to destroy\./.exec(plan)?.[0],
        moves: [...plan.matchAll(/# (\S+) has moved to (\S+)/g)].map((m) => `${m[1]} -> ${m[2]}`),
        replaced: [...plan.matchAll(/# (\S+) (?:must be replaced|will be replaced)/g)].map((m) => m[1]),
        updated: [...plan.matchAll(/# (\S+) will be updated in-place/g)].map((m) => m[1]),
        // Its own run's part: another change's plan must not answer for this one.
        output: start < 0 ? output : plan,
      };
      return [name, change];
    }),
  );
}

/** Plans `after` over the state `before` leaves: planChanges with one change. */
export async function planChange(terraform: string, before: Record<string, unknown>, after: Record<string, unknown>, dir: string, cliConfig: string): Promise<PlannedChange> {
  return (await planChanges(terraform, before, { after }, dir, cliConfig)).after;
}
