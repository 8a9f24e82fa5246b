import type { PolicyDocumentStatement } from "./policy-statement";

/**
 * IAM's limit on the total size of a role's inline policies, in characters, whitespace not counted
 * (IAM and AWS STS quotas: "Role policy size ... 10,240 characters"). Past it, apply fails with
 * LimitExceeded after the rest of the stack was created.
 */
export const ROLE_INLINE_POLICY_MAX_CHARS = 10240;

/**
 * What a value Terraform only knows at apply (`${aws_dynamodb_table.orders.arn}`, a cdktf token) is
 * counted as: more than most ARNs take (a Lambda log group ARN is at most ~125 characters, a table
 * ARN with a 60-character name ~110), so the estimate errs on the large side.
 */
export const UNRESOLVED_VALUE_CHARS = 128;

// `${...}`: a Terraform expression or a cdktf string token; `#{...}`: a cdktf list token.
const REFERENCE = /[$#]\{[^}]*\}/g;

/**
 * Estimated size of the IAM JSON policy the statements render to, as IAM counts it: the JSON
 * without whitespace between tokens, every list written as a list (the provider writes one-item
 * lists as plain strings, two characters shorter), each reference counted as `UNRESOLVED_VALUE_CHARS`.
 */
export function estimatePolicySize(statements: readonly PolicyDocumentStatement[]): number {
  const document = {
    Version: "2012-10-17",
    Statement: statements.map((s) => ({
      ...(s.sid ? { Sid: s.sid } : {}),
      Effect: s.effect,
      Action: s.actions,
      Resource: s.resources,
      ...(s.condition && s.condition.length > 0 ? { Condition: conditionMap(s.condition) } : {}),
    })),
  };
  return JSON.stringify(document).replace(REFERENCE, "x".repeat(UNRESOLVED_VALUE_CHARS)).length;
}

function conditionMap(blocks: NonNullable<PolicyDocumentStatement["condition"]>): Record<string, Record<string, string[]>> {
  const map: Record<string, Record<string, string[]>> = {};
  for (const { test, variable, values } of blocks) {
    map[test] ??= {};
    map[test][variable] = [...(map[test][variable] ?? []), ...values];
  }
  return map;
}
