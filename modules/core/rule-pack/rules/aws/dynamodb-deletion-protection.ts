import { isTrueOrUnknown, show } from "../../config";
import type { Rule } from "../../rule";

export const dynamodbDeletionProtection: Rule = {
  id: "dynamodb-deletion-protection",
  title: "DynamoDB tables are protected from deletion in protected environments",
  checkov: [],
  trivy: [],
  description:
    "In a protected environment (config declares it `protected`, as prod does; an environment no config declares counts as protected), each `aws_dynamodb_table` sets `deletion_protection_enabled = true`, so neither a destroy plan nor a console click can drop the data. Other environments are not checked.",
  appliesTo: ["aws_dynamodb_table"],
  check(table, context) {
    if (!context.traits.protected || isTrueOrUnknown(table.config.deletion_protection_enabled)) return undefined;
    return `deletion_protection_enabled is ${show(table.config.deletion_protection_enabled)} in ${context.environment}, a protected environment; set it to true`;
  },
};
