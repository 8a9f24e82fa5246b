import { type CatalogEntry } from "../entry";

/** A function URL: an HTTPS endpoint of the function, public when its authorization is NONE. */
export const entry: CatalogEntry = {
  type: "aws_lambda_function_url",
  forceNew: ["function_name", "qualifier"],
  grants: [
    { kind: "public-exposure", attributes: ["authorization_type", "function_name", "qualifier"], what: "function URL authorization" },
  ],
  local: { kind: "emulated", as: "function-url" },
};
