import { isEscalationAction } from "../../../policy/escalation-actions";
import { lookupAction } from "../../../policy/iam-actions";
import { isResourceIdWildcard, isWildcardResource } from "../../../policy/resource-arn";
import { isExpression } from "../../config";
import type { Rule } from "../../rule";
import { judgedAsDeployer } from "./deployer-identities";
import { hasWildcard, IAM_POLICY_TYPES, permissionStatements } from "./iam-statements";

export const iamNoResourceIdWildcards: Rule = {
  id: "iam-no-resource-id-wildcards",
  title: "Data actions name their tables, secrets, queues and buckets",
  checkov: ["CKV_AWS_288", "CKV_AWS_290"],
  trivy: ["AWS-0057"],
  description:
    'No Allow statement of an identity policy grants an action AWS can scope to a resource on a resource-id wildcard: every table (`table/*`), every secret (`secret:*`), every function, queue or bucket, or every one whose name starts the same way (`table/orders-*`). Wildcards below a named resource (`bucket/*`, `table/orders/index/*`) are fine. Escalation actions are `iam-no-privilege-escalation`\'s; `"*"` and broader ARNs are `iam-no-wildcard-resources`\'; the environment\'s declared deployer roles and permissions boundary are `iam-deployer-bounded`\'s.',
  appliesTo: IAM_POLICY_TYPES,
  check(resource, context) {
    // The environment's deployer roles and boundary create what its stacks name: iam-deployer-bounded judges them.
    if (judgedAsDeployer(resource, context)) return undefined;
    const problems: string[] = [];
    for (const s of permissionStatements(resource)) {
      if (s.effect !== "Allow" || s.principals.length > 0) continue;
      const idWildcards = s.resources.filter((r) => isResourceIdWildcard(r) && !isWildcardResource(r));
      if (idWildcards.length === 0) continue;
      const scopable = s.actions.filter((a) => !isExpression(a) && !isEscalationAction(a) && (hasWildcard(a) || !lookupAction(a) || !lookupAction(a)!.wildcardOnly));
      if (scopable.length > 0) problems.push(`${s.label} allows ${scopable.join(", ")} on ${idWildcards.map((r) => JSON.stringify(r)).join(", ")}`);
    }
    if (problems.length === 0) return undefined;
    return `${problems.join("; ")}: every resource of that type, present and future; name the resources (PolicyStatement.resources)`;
  },
};
