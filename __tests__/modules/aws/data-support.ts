import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, Aspects, TerraformStack, Testing } from "cdktf";
import { ENVIRONMENTS, loadConfig } from "../../../config/load";
import { ServerlessFunction } from "../../../modules/aws";
import { applyRulePack, RulePack, type Finding, type SuppressedFinding } from "../../../modules/core/rule-pack";
import { CODE_DIR, type Json } from "./support";

/** What the data constructs' tests share: a stack in an environment, a function to grant to, its statements. */

export const ACCOUNT = "111111111111";
export const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;

// The environments config declares (dev, stg, prod), loaded so that their traits are declared.
const configs = new Map(ENVIRONMENTS.map((e) => [e as string, loadConfig(e)]));
const declared = [...configs.keys()];

/** The account of an environment's stacks: its config's, `ACCOUNT` for one no config declares. */
export function envAccount(environment?: string): string {
  return (environment === undefined ? undefined : configs.get(environment)?.aws.accountId) ?? ACCOUNT;
}

/** The provider an environment's config makes: its account and region (the rule pack checks them); `ACCOUNT` for one no config declares. */
function envProvider(stack: TerraformStack, environment?: string): AwsProvider {
  const aws = environment === undefined ? undefined : configs.get(environment)?.aws;
  return new AwsProvider(stack, "aws", { region: aws?.region ?? "eu-west-1", allowedAccountIds: [envAccount(environment)] });
}
/** Every environment a construct must pass the rule pack in: config's, and one no config declares (the strictest). */
export const EVERY_ENVIRONMENT: readonly string[] = [...declared, "undeclared-live"];

/** A stack of `environment` (its rule pack says so), whose provider names its region and one account. */
export function envStack(environment?: string, id = "stack"): TerraformStack {
  const stack = new TerraformStack(Testing.app(), id);
  envProvider(stack, environment);
  if (environment !== undefined) applyRulePack(stack, { environment, log: () => undefined });
  return stack;
}

/** A stack in an App of its own with a rule pack, for a full synth of several stacks. */
export function appStack(app: App, id: string, environment: string): TerraformStack {
  const stack = new TerraformStack(app, id);
  envProvider(stack, environment);
  applyRulePack(stack, { environment, log: () => undefined });
  return stack;
}

/** What the stack's rule pack finds, and what it suppresses. */
export function packReport(stack: TerraformStack): { findings: readonly Finding[]; suppressed: readonly SuppressedFinding[] } {
  const pack = Aspects.of(stack).all.find((a): a is RulePack => a instanceof RulePack);
  if (!pack) throw new Error(`stack ${stack.node.path} has no rule pack`);
  const { findings, suppressed } = pack.evaluate(stack);
  return { findings, suppressed };
}

/** A function that grants are given to. */
export function grantee(stack: TerraformStack, id = "Fn"): ServerlessFunction {
  return new ServerlessFunction(stack, id, { functionName: id.toLowerCase(), codeDirectory: CODE_DIR });
}

/** The statements of the function's execution policy, without its log group's. */
export function grantedStatements(stack: TerraformStack, fnId = "Fn"): Json[] {
  const json: Json = JSON.parse(Testing.synth(stack));
  const doc = Object.entries(json.data.aws_iam_policy_document as Record<string, Json>).find(([id]) => id.startsWith(`${fnId}_ExecutionRole_PolicyDocument`))![1];
  return doc.statement.filter((s: Json) => s.sid !== "WriteOwnLogGroup");
}
