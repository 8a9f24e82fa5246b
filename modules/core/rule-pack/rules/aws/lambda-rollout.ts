import { actionCovers } from "../../../policy/action-patterns";
import { list } from "../../config";
import type { Rule, RuleContext, SynthesizedResource } from "../../rule";
import { IAM_POLICY_TYPES, permissionStatements } from "./iam-statements";
import { rolesGovernedBy } from "./role-policies";

export const lambdaRollout: Rule = {
  id: "lambda-rollout",
  title: "Lambda functions in protected environments roll out gradually",
  checkov: [],
  trivy: [],
  description:
    "In a protected environment (as its config declares it), each `aws_lambda_function` reaches its traffic through a rollout: an `aws_lambda_alias` of it that apply leaves alone (`lifecycle.ignore_changes` holds `function_version`), and an `aws_codedeploy_deployment_group` whose service role may `lambda:UpdateAlias` that alias (or the function). Otherwise every apply sends all traffic to new code at once, with nothing to roll it back. `ServerlessFunction`'s `deployment` prop creates all of it (`npm run rollout` moves the alias after apply, docs/delivery.md). A function that must deploy all at once on apply (a CodeDeploy hook, say) suppresses the finding with that reason.",
  appliesTo: ["aws_lambda_function"],
  check(fn, context) {
    if (!context.traits.protected) return undefined;
    const index = rolloutIndex(context);
    const aliases = index.aliasesOf.get(fn) ?? [];
    const shifters = [...new Set([fn, ...aliases].flatMap((t) => index.groupsShifting.get(t) ?? []))];
    if (shifters.length === 0) {
      return "no CodeDeploy deployment group may move an alias of it: every apply sends all traffic to the new code at once, and nothing rolls it back (ServerlessFunction prop deployment: { strategy }; or suppress with the reason it deploys all at once)";
    }
    if (!aliases.some((a) => leavesVersionToRollout(a))) {
      return `${shifters.map((g) => g.address).join(", ")} may move its alias, but apply moves it too (no lifecycle.ignore_changes on function_version of ${aliases.map((a) => a.address).join(", ") || "any alias"}): the next apply undoes a rollout (ServerlessFunction prop deployment does both)`;
    }
    return undefined;
  },
};

/** True when Terraform leaves the alias's version to someone else (the rollout). */
function leavesVersionToRollout(alias: SynthesizedResource): boolean {
  const lifecycle = alias.config.lifecycle as { ignore_changes?: unknown } | undefined;
  const ignored = lifecycle?.ignore_changes;
  return ignored === "all" || list(ignored).some((i) => i === "function_version" || i === "all");
}

/** Per stack: each function's aliases, and the deployment groups whose service role may update a function or an alias. */
interface RolloutIndex {
  readonly aliasesOf: Map<SynthesizedResource, SynthesizedResource[]>;
  readonly groupsShifting: Map<SynthesizedResource, SynthesizedResource[]>;
}

const indexes = new WeakMap<readonly SynthesizedResource[], RolloutIndex>();

/** Built once per stack: every policy holder is read once, whatever the number of functions. */
function rolloutIndex(context: RuleContext): RolloutIndex {
  let index = indexes.get(context.resources);
  if (index) return index;
  const aliasesOf = new Map<SynthesizedResource, SynthesizedResource[]>();
  for (const alias of context.ofType("aws_lambda_alias")) {
    if (alias.mode !== "managed") continue;
    for (const fn of context.referencedBy(alias.config.function_name)) {
      if (fn.type === "aws_lambda_function") aliasesOf.set(fn, [...(aliasesOf.get(fn) ?? []), alias]);
    }
  }
  // What each role may move (`lambda:UpdateAlias` on a function or an alias of the stack).
  const movableBy = new Map<SynthesizedResource, Set<SynthesizedResource>>();
  for (const type of IAM_POLICY_TYPES) {
    for (const holder of context.ofType(type)) {
      const targets = permissionStatements(holder)
        .filter((s) => s.effect === "Allow" && s.actions.some((a) => actionCovers(a, "lambda:UpdateAlias")))
        .flatMap((s) => context.referencedBy(s.resources).filter((r) => r.type === "aws_lambda_function" || r.type === "aws_lambda_alias"));
      if (targets.length === 0) continue;
      for (const governed of rolesGovernedBy(holder, context)) {
        const set = movableBy.get(governed.role) ?? new Set();
        targets.forEach((t) => set.add(t));
        movableBy.set(governed.role, set);
      }
    }
  }
  const groupsShifting = new Map<SynthesizedResource, SynthesizedResource[]>();
  for (const group of context.ofType("aws_codedeploy_deployment_group")) {
    for (const role of context.referencedBy(group.config.service_role_arn)) {
      for (const target of movableBy.get(role) ?? []) groupsShifting.set(target, [...(groupsShifting.get(target) ?? []), group]);
    }
  }
  index = { aliasesOf, groupsShifting };
  indexes.set(context.resources, index);
  return index;
}
