import { type CatalogEntry } from "../entry";

/** A Secrets Manager secret (its ARN ends in a random suffix, only known after apply). */
export const entry: CatalogEntry = {
  type: "aws_secretsmanager_secret",
  forceNew: ["name", "name_prefix"],
  grants: [
    { kind: "resource-policy", attributes: ["policy"], policy: "policy" },
  ],
};
