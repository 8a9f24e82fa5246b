import { type CatalogEntry } from "../entry";

/** A CloudWatch Logs resource policy: which services may write to the account's log groups. */
export const entry: CatalogEntry = {
  type: "aws_cloudwatch_log_resource_policy",
  forceNew: ["policy_name"],
  grants: [
    { kind: "resource-policy", attributes: ["policy_document"], policy: "policy_document" },
  ],
  local: { kind: "inert", why: "function logs are printed on the console, not kept" },
};
