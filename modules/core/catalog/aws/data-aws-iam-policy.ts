import { literal, type CatalogEntry } from "../entry";

/** Looks up a managed policy: its ARN is known only when given literally; its document is read from the account. */
export const entry: CatalogEntry = {
  type: "data.aws_iam_policy",
  data: (attribute, c) => { if (attribute === "arn") { const arn = literal(c, "arn"); return arn ? { value: arn } : undefined; } if (attribute === "name") { const name = literal(c, "name"); return name ? { value: name } : undefined; } return undefined; },
};
