import type { DeployGrants } from "./grant";

/** Keys are named by an id KMS assigns: the environment's are told apart by its tags (the provider's default tags, set at creation). */
const KEYS = "arn:{partition}:kms:{region}:{account}:key/*";
const KEY_CHANGES = ["kms:DisableKey", "kms:DisableKeyRotation", "kms:EnableKey", "kms:EnableKeyRotation", "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:UpdateKeyDescription"];

/** KMS customer-managed keys (an alarm topic's) and their key policies. */
export const KMS_GRANTS: DeployGrants = {
  aws_kms_key: [
    { phase: "read", actions: ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"], resources: [KEYS], tagged: "resource" },
    // A new key has no ARN yet: CreateKey cannot be scoped, only to requests carrying the environment's tags
    // (tagging at creation takes TagResource too, on a key with no Environment tag yet: never another environment's).
    { phase: "manage", actions: ["kms:CreateKey"], resources: ["*"], tagged: "request" },
    { phase: "manage", actions: ["kms:TagResource"], resources: [KEYS], tagged: "request", conditions: { Null: { "aws:ResourceTag/Environment": ["true"] } } },
    { phase: "manage", actions: [...KEY_CHANGES, "kms:TagResource", "kms:UntagResource"], resources: [KEYS], tagged: "resource" },
  ],
  aws_kms_key_policy: [
    { phase: "read", actions: ["kms:GetKeyPolicy"], resources: [KEYS], tagged: "resource" },
    { phase: "manage", actions: ["kms:PutKeyPolicy"], resources: [KEYS], tagged: "resource" },
  ],
};
