import type { Rule } from "../../rule";
import { hasWildcard, IAM_POLICY_TYPES, permissionStatements } from "./iam-statements";

export const iamNoWildcardActions: Rule = {
  id: "iam-no-wildcard-actions",
  title: "IAM policies allow no wildcard actions",
  checkov: ["CKV_AWS_63"],
  trivy: ["AWS-0057", "AWS-0345"],
  description:
    'No Allow statement of a policy lists an action with a wildcard (`"*"`, `"s3:*"`, `"s3:Get*"`) or uses `not_actions`/`NotAction`: each action is named, so a new action AWS adds to a service is never granted silently. Deny statements may use wildcards.',
  appliesTo: IAM_POLICY_TYPES,
  check(resource) {
    const problems: string[] = [];
    for (const s of permissionStatements(resource)) {
      if (s.effect !== "Allow") continue;
      const wild = s.actions.filter(hasWildcard);
      if (wild.length > 0) problems.push(`${s.label} allows ${wild.map((a) => JSON.stringify(a)).join(", ")}`);
      if (s.notActions.length > 0) problems.push(`${s.label} allows everything but ${s.notActions.map((a) => JSON.stringify(a)).join(", ")} (not_actions)`);
    }
    if (problems.length === 0) return undefined;
    return `${problems.join("; ")}; list each action (PolicyStatement.actions)`;
  },
};
