import { isTrueOrUnknown, show } from "../../config";
import type { Rule } from "../../rule";

export const dynamodbDeletionProtection: Rule = {
  id: "dynamodb-deletion-protection",
  title: "DynamoDB tables are protected from deletion in prod",
  checkov: [],
  trivy: [],
  description:
    "In `prod`, each `aws_dynamodb_table` sets `deletion_protection_enabled = true`, so neither a destroy plan nor a console click can drop the data. Other environments are not checked.",
  appliesTo: ["aws_dynamodb_table"],
  check(table, context) {
    if (context.environment !== "prod" || isTrueOrUnknown(table.config.deletion_protection_enabled)) return undefined;
    return `deletion_protection_enabled is ${show(table.config.deletion_protection_enabled)} in prod; set it to true`;
  },
};
