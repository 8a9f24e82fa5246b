import { type CatalogEntry } from "../entry";

/** Allows a principal (a service, an account, anyone) to invoke a function: a statement of the function's resource policy. */
export const entry: CatalogEntry = {
  type: "aws_lambda_permission",
  forceNew: { all: true, except: [] },
  grants: [
    { kind: "resource-permission", attributes: ["*"] },
  ],
  local: { kind: "emulated", as: "function-permission" },
};
