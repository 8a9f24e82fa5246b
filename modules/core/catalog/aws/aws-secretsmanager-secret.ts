import { arnOf, literal, type CatalogEntry } from "../entry";

/** A Secrets Manager secret (its ARN ends in `-` and 6 random characters, only known after apply: written `-??????`). */
export const entry: CatalogEntry = {
  type: "aws_secretsmanager_secret",
  arn: (c, p) => {
    const name = literal(c, "name");
    return arnOf(p, "secretsmanager", name === undefined ? undefined : `secret:${name}-??????`);
  },
  forceNew: ["name", "name_prefix"],
  grants: [
    { kind: "resource-policy", attributes: ["policy"], policy: "policy" },
  ],
};
