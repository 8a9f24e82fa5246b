import { catalogEntries, catalogEntry } from "../../../catalog";
import { show } from "../../config";
import type { Rule } from "../../rule";
import { modelOf } from "./iam-statements";
import { stackBlockNamed, valuesAt } from "./stack-references";

/** AWS types with an argument naming a role they run as (the catalog's `runs-as` grants; Cloud Run's service accounts are the GCP rules'). */
const TYPES = catalogEntries()
  .filter((e) => e.type.startsWith("aws_") && e.grants?.some((g) => g.kind === "runs-as"))
  .map((e) => e.type);

/** The arguments of a type naming a role it runs as. */
function roleArguments(type: string): string[] {
  return (catalogEntry(type)?.grants ?? []).flatMap((g) => (g.kind === "runs-as" ? [g.role] : []));
}

export const iamRunsAsStackRole: Rule = {
  id: "iam-runs-as-stack-role",
  title: "What runs as a role runs as a role of the stack",
  checkov: [],
  trivy: [],
  description:
    "A function's execution role, a schedule's, event rule's or target's role, an API integration's credentials, an SNS delivery-status role, an instance profile's role (the catalog's `runs-as` grants: modules/core/catalog) is a reference to an `aws_iam_role` the stack defines, whose trust and permission policies the pack reads. A literal ARN (an existing role, such as an account's `OrganizationAccountAccessRole`), a `data.aws_iam_role` or any other expression names a role whose policies no rule can read: reported as \"cannot verify role\", in every environment. A universal (`aws-sdk`) schedule target can call only what its role, a role of the stack, allows. Cannot be suppressed: define the role in the stack.",
  appliesTo: TYPES,
  check(resource) {
    const model = modelOf(resource);
    const problems: string[] = [];
    for (const argument of roleArguments(resource.type)) {
      for (const value of valuesAt(resource.config, argument)) {
        if (value === "") continue;
        if (stackBlockNamed(model, value, ["aws_iam_role"])) continue;
        problems.push(
          `cannot verify role ${show(value)} at ${resource.address}.${argument}: it runs as a role the stack does not define, so no rule can read what that role may do; reference an aws_iam_role of the stack (ServerlessFunction creates one per function)`,
        );
      }
    }
    return problems.length > 0 ? problems.join("; ") : undefined;
  },
};
