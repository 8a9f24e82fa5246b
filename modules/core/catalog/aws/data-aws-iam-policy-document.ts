import { type CatalogEntry } from "../entry";

/** Renders IAM policy JSON from statement blocks, merging other documents by Sid as the provider does. */
export const entry: CatalogEntry = {
  type: "data.aws_iam_policy_document",
  grants: [
    { kind: "policy-document", attributes: ["*"] },
  ],
  data: (attribute) => (attribute === "json" || attribute === "minified_json" || attribute === "id" ? { identity: true } : undefined),
};
