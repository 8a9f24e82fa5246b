import { type CatalogEntry } from "../entry";

/** Retries and destinations of asynchronous invocations. */
export const entry: CatalogEntry = {
  type: "aws_lambda_function_event_invoke_config",
  forceNew: ["function_name", "qualifier"],
  local: { kind: "emulated", as: "invoke-config" },
};
