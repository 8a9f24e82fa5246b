import { arnOf, literal, type CatalogEntry } from "../entry";

/** A Secrets Manager secret (its ARN ends in `-` and 6 random characters, only known after apply: written `-??????`). */
export const entry: CatalogEntry = {
  type: "aws_secretsmanager_secret",
  globalNames: [{ attribute: "name", scope: "aws-region", what: "Secrets Manager secret name" }],
  arn: (c, p) => {
    const name = literal(c, "name");
    return arnOf(p, "secretsmanager", name === undefined ? undefined : `secret:${name}-??????`);
  },
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
