import { type CatalogEntry } from "../entry";

/** The resource policy of a secret. */
export const entry: CatalogEntry = {
  type: "aws_secretsmanager_secret_policy",
  forceNew: ["secret_arn"],
  grants: [
    { kind: "resource-policy", attributes: ["policy", "secret_arn"], policy: "policy", resource: "secret_arn" },
  ],
  local: { kind: "emulated", as: "resource-policy" },
};
