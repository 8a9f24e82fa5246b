import { type CatalogEntry } from "../entry";

/** The resource policy of a DynamoDB table or stream. */
export const entry: CatalogEntry = {
  type: "aws_dynamodb_resource_policy",
  forceNew: ["resource_arn"],
  grants: [
    { kind: "resource-policy", attributes: ["policy", "resource_arn"], policy: "policy", resource: "resource_arn" },
  ],
  local: { kind: "emulated", as: "resource-policy" },
};
