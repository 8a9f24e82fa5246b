import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { PolicyJson } from "./policy-document";
import { References } from "./references";
import { readStack, resourcesOf, type Stack } from "./stack";

/**
 * A role's permissions boundary, read from the app's output as AWS would apply it: the managed
 * policy with that ARN in one of the app's stacks (the environment's deployer identity stack holds
 * it), its document rendered as that stack renders it. Undefined when no stack of the output
 * creates it: the caller then refuses every call of the role, naming the boundary.
 */
export function boundaryPolicy(stack: Stack, arn: string): PolicyJson | undefined {
  if (!stack.outdir) return undefined;
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
    for (const [key, block] of resourcesOf(candidate, "aws_iam_policy")) {
      if (block.name !== name || (block.path ?? "/") !== path || typeof block.policy !== "string") continue;
      return JSON.parse(new References(candidate).resolve(block.policy, `${other}: aws_iam_policy.${key}`)) as PolicyJson;
    }
  }
  return undefined;
}
