import { type CatalogEntry } from "../entry";

/** Provisioned concurrency of a version or alias. */
export const entry: CatalogEntry = {
  type: "aws_lambda_provisioned_concurrency_config",
  forceNew: ["function_name", "qualifier"],
  local: { kind: "inert", why: "every local invocation starts a fresh process" },
};
