import { type CatalogEntry } from "../entry";

/** Looks up a security group: its name, id and ARN name it; other attributes are read from the account when Terraform plans. */
export const entry: CatalogEntry = {
  type: "data.aws_security_group",
  identity: ["id", "arn", "name", "bucket", "function_name", "url", "ids", "names", "repository_url", "target_key_arn", "target_key_id", "zone_ids"],
};
