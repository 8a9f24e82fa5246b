import type { TerraformStack } from "cdktf";
import { catalogEntry } from "../../core/catalog";
import { finalModel, stackModel } from "../../core/terraform/stack";
import { filledResources, type DeployerScope } from "./deployer-statements";
import { AWS_DEPLOY_GRANTS } from "./permissions";

const compiled = new Map<string, RegExp>();

/** IAM's ARN matching: `*` any characters (`/` and `:` too), `?` one. */
export function arnMatches(pattern: string, arn: string): boolean {
  let re = compiled.get(pattern);
  if (!re) compiled.set(pattern, (re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`)));
  return re.test(arn);
}

/**
 * The resources of these stacks the apply role could not manage: each block whose ARN synth knows
 * (the catalog's `arn`) and whose type the deployer manages by name, but whose ARN none of that
 * type's patterns reaches (a table named `orders` where the environment's names start with
 * `svc-dev-`). Its apply would be refused; the identity stack refuses it at synth instead, naming it.
 */
export function uncoveredResources(stacks: readonly TerraformStack[], scope: DeployerScope): string[] {
  const problems: string[] = [];
  for (const stack of stacks) {
    const model = (finalModel(stack) ?? stackModel(stack)).model;
    for (const block of model.blocks) {
      if (block.mode !== "managed") continue;
      const grants = AWS_DEPLOY_GRANTS.get(block.type)?.filter((g) => g.phase === "manage") ?? [];
      const patterns = grants.flatMap((g) => filledResources(scope, g.resources)).filter((p) => p !== "*" && (p.includes(scope.prefix) || p.includes(scope.pathPrefix)));
      if (patterns.length === 0) continue;
      const arn = catalogEntry(block.typeKey)?.arn?.(block.config, model.providerFacts(block.address));
      if (arn === undefined || patterns.some((p) => arnMatches(p, arn))) continue;
      problems.push(`${stack.node.id}: ${block.address} (${arn}) is not among what the deployer may manage (${[...new Set(patterns)].join(", ")}): name it under ${scope.prefix}`);
    }
  }
  return problems;
}
