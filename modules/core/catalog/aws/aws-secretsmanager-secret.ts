import { arnOf, type CatalogEntry } from "../entry";

/** A Secrets Manager secret (its ARN ends in a random suffix, only known after apply). */
export const entry: CatalogEntry = {
  type: "aws_secretsmanager_secret",
  forceNew: ["name", "name_prefix"],
  grants: [
    { kind: "resource-policy", attributes: ["policy"], policy: "policy" },
  ],
  local: {
    kind: "emulated",
    as: "secret",
    attributes: {
      // Secrets Manager ends the ARN with six random characters: fixed ones stand in.
      arn: (b) => { const name = b.argument("name"); return name && arnOf(b.facts, "secretsmanager", `secret:${name}-000000`); },
      id: (b) => b.attribute("arn"),
    },
  },
};
