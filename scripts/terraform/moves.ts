/**
 * What Terraform plans when a stack's configuration changes under an applied state, offline: the
 * configuration as it was is applied with a mocked AWS provider (`terraform test`, `mock_provider`:
 * every computed attribute made up, nothing called), then the configuration as it is now is planned
 * against that state (`state_key` shares it between the two runs). The plan shows what moves
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
 * The test file: the old configuration (a module of its own) applied, then the new one planned on
 * the same state. Policy documents are data sources: mocked, their JSON would be made up on each
 * run, so it is fixed (both configurations then read the same document).
 */
function testFile(types: readonly string[]): string {
  const mocks = types
    .filter((type) => MOCKED_ATTRIBUTES[type] !== undefined)
    .map((type) => `  mock_resource "${type}" {\n    defaults = ${JSON.stringify(MOCKED_ATTRIBUTES[type]).replace(/":/g, '" =').replace(/,"/g, ', "')}\n  }\n`)
    .join("");
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

run "after" {
  state_key = "stack"
  command   = plan
}
`;
}

/**
 * Plans `after` over the state `before` leaves (both synthesized `cdk.tf.json` configurations), in
 * `dir`, with the CLI config `cliConfig` (providers from the mirror or the registry).
 */
export async function planChange(terraform: string, before: Record<string, unknown>, after: Record<string, unknown>, dir: string, cliConfig: string): Promise<PlannedChange> {
  mkdirSync(join(dir, "before"), { recursive: true });
  writeFileSync(join(dir, "before", "main.tf.json"), JSON.stringify(offlineConfig(before), null, 2));
  writeFileSync(join(dir, "main.tf.json"), JSON.stringify(offlineConfig(after), null, 2));
  const types = [...new Set([before, after].flatMap((config) => Object.keys((config.resource ?? {}) as Record<string, unknown>)))].sort();
  writeFileSync(join(dir, "change.tftest.hcl"), testFile(types));
  let output = "";
  for (const args of [["init", "-input=false", "-no-color", "-backend=false"], ["test", "-no-color", "-verbose"]]) {
    const result = await runTerraform(terraform, args, dir, cliConfig);
    output += `$ terraform ${args.join(" ")}\n${result.output}\n`;
    if (result.code !== 0) return { ok: false, moves: [], replaced: [], updated: [], output };
  }
  // The plan of "after" is the part of the output after its run's header.
  const plan = output.slice(output.indexOf('run "after"'));
  return {
    ok: true,
    planLine: /Plan: \d+ to add, \d+ to change, \d+ to destroy\./.exec(plan)?.[0],
    moves: [...plan.matchAll(/# (\S+) has moved to (\S+)/g)].map((m) => `${m[1]} -> ${m[2]}`),
    replaced: [...plan.matchAll(/# (\S+) (?:must be replaced|will be replaced)/g)].map((m) => m[1]),
    updated: [...plan.matchAll(/# (\S+) will be updated in-place/g)].map((m) => m[1]),
    output,
  };
}
