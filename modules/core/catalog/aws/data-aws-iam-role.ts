import { type CatalogEntry } from "../entry";

/** Looks up a role: its name and ARN name it; its policies are read from the account. */
export const entry: CatalogEntry = {
  type: "data.aws_iam_role",
  data: (attribute) => (["arn", "name", "id", "unique_id", "path"].includes(attribute) ? { identity: true } : undefined),
};
