import { blocks, type Config } from "../../../terraform";
import type { Rule } from "../../rule";
import { modelOf } from "../aws/iam-statements";

/** `aws_x.y` or `data.aws_x.y` -> `aws_x` (or `data.aws_x`); a module address stays whole. */
function typeOfAddress(address: string): string {
  const parts = address.replace(/\[[^\]]*\]/g, "").split(".");
  return parts[0] === "data" ? `data.${parts[1]}` : parts[0] === "module" ? address : parts[0];
}

/** What is wrong with the stack's `moved`, `removed` and `import` blocks. */
function stateBlockProblems(json: Config): string[] {
  const problems: string[] = [];
  for (const m of blocks(json.moved)) {
    const from = String(m.from);
    const to = String(m.to);
    if (typeOfAddress(from) !== typeOfAddress(to) || from.startsWith("module.") || to.startsWith("module.")) {
      problems.push(`moved block from ${from} to ${to}: state moves only between addresses of one type (a rename); this one changes what the state holds`);
    }
  }
  for (const r of blocks(json.removed)) problems.push(`removed block for ${String(r.from)}: the resource leaves the state (and, with destroy = false, stays in the account, judged by no rule)`);
  for (const i of blocks(json.import)) problems.push(`import block into ${String(i.to)} (id ${JSON.stringify(i.id)}): it adopts an existing resource, whose state is not what the stack describes until applied`);
  return problems;
}

export const terraformStateBlocks: Rule = {
  id: "terraform-state-blocks",
  title: "The stack does not forget or adopt resources",
  suppressible: false,
  checkov: [],
  trivy: [],
  description:
    "No top-level `removed` block (a resource, a deny guard say, leaves the state and, with `destroy = false`, stays in the account with nothing judging it) and no `import` block (it adopts an existing resource into the state); a `moved` block only renames within one resource type, as the project's own moves do (events with `legacyPosition`: docs/triggers.md). Reported once per stack, on its first block. Cannot be suppressed: do state surgery by hand, reviewed, outside the stack.",
  appliesTo: ["*"],
  check(resource, context) {
    if (context.resources[0] !== resource) return undefined;
    const problems = stateBlockProblems(modelOf(resource).json);
    return problems.length > 0 ? problems.join("; ") : undefined;
  },
};
