import { type CatalogEntry } from "../entry";

/** The resource policy of a Kinesis stream or consumer. */
export const entry: CatalogEntry = {
  type: "aws_kinesis_resource_policy",
  forceNew: ["resource_arn"],
  grants: [
    { kind: "resource-policy", attributes: ["policy", "resource_arn"], policy: "policy", resource: "resource_arn" },
  ],
  local: { kind: "not-emulated", what: "Kinesis resource policies" },
};
