import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describeUnreadable, policiesOf, type IamStatement } from "../../modules/core/terraform";
import { readStack, type Stack } from "./stack";
import { LocalValues } from "./values";

/**
 * A role's permissions boundary, read from the app's output as AWS would apply it: the managed
 * policy with that ARN in one of the app's stacks (the environment's deployer identity stack holds
 * it), read through the model as that stack renders it. Undefined when no stack of the output
 * creates it: the caller then refuses every call of the role, naming the boundary. A boundary the
 * model cannot read whole is an error: it could deny anything.
 */
export function boundaryStatements(stack: Stack, arn: string): IamStatement[] | undefined {
  const match = /^arn:[a-z-]+:iam::(\d{12}):policy(\/(?:[^/]+\/)*)([^/]+)$/.exec(arn);
  if (!match) return undefined;
  const [, account, path, name] = match;
  const stacks = join(stack.outdir, "stacks");
  if (!existsSync(stacks)) return undefined;
  for (const other of readdirSync(stacks).sort()) {
    let candidate: Stack;
    try {
      candidate = other === stack.name ? stack : readStack(stack.outdir, other);
    } catch {
      continue; // not an AWS stack
    }
    if (candidate.accountId !== account) continue;
    const values = new LocalValues(candidate);
    for (const block of candidate.model.blocks) {
      if (block.mode !== "managed" || block.typeKey !== "aws_iam_policy") continue;
      const where = `${other}: ${block.address}`;
      if (values.optionalText(block.config.name, where) !== name || (values.optionalText(block.config.path, where) ?? "/") !== path) continue;
      const reading = policiesOf(candidate.model, block.address).find((r) => r.kind === "identity");
      if (!reading) return undefined;
      if (reading.unreadable.length > 0) throw new Error(`${where}: the permissions boundary ${arn} cannot be read: ${describeUnreadable(reading.unreadable[0])}`);
      return values.statements(reading.statements, where);
    }
  }
  return undefined;
}
