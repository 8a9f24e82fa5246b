import { LambdaFunctionUrl } from "@cdktf/provider-aws/lib/lambda-function-url";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { booleanValue, integerBetween, matches, oneOf } from "../core/rules";
import { list, object, optional, required, type TypeOf } from "../core/schema";
import type { EventTarget } from "./events/event-target";

const ORIGIN = matches(/^(\*|https?:\/\/[A-Za-z0-9.*-]+(:\d{1,5})?)$/, "an origin (https://host[:port]) or *");
const HEADER = matches(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,1024}$/, "an HTTP header name (or *)");
const METHODS = ["GET", "PUT", "HEAD", "POST", "PATCH", "DELETE", "*"] as const;

const CORS = object(
  {
    /** Origins allowed to call, e.g. `https://app.example.com`, or `*`. */
    allowOrigins: required(list(ORIGIN, { of: "origins", min: 1, max: 100 }), { missing: "set (it is required with cors)" }),
    /** Methods allowed to call, or `*`. @default every method */
    allowMethods: optional(list(oneOf(METHODS), { of: "HTTP methods", min: 1, max: 6 })),
    /** Request headers allowed. @default none */
    allowHeaders: optional(list(HEADER, { of: "header names", max: 100 })),
    /** Response headers the browser may read. @default none */
    exposeHeaders: optional(list(HEADER, { of: "header names", max: 100 })),
    /** Allow cookies and authorization headers (not with the `*` origin). @default false */
    allowCredentials: optional(booleanValue),
    /** Seconds a browser may cache the preflight answer, 0 to 86400. @default 0 */
    maxAge: optional(integerBetween(0, 86400, "seconds")),
  },
  {
    refine(cors, r) {
      // Browsers refuse credentials from a response that allows every origin.
      if (cors.allowCredentials === true && Array.isArray(cors.allowOrigins) && cors.allowOrigins.includes("*")) {
        r.fail("allowCredentials", 'false when allowOrigins includes "*" (browsers refuse credentials with a wildcard origin)', true);
      }
    },
  },
);

/** CORS of a function URL. */
export interface FunctionUrlCorsProps extends TypeOf<typeof CORS> {}

const FUNCTION_URL = object({
  /**
   * `AWS_IAM`: callers sign with SigV4 and need `lambda:InvokeFunctionUrl` and `lambda:InvokeFunction`.
   * `NONE`: public; the function's policy grants every caller, and the rule pack's
   * `lambda-function-url-auth` rule needs a suppression that says why in stg and prod.
   * @default "AWS_IAM"
   */
  authorization: optional(oneOf(["AWS_IAM", "NONE"] as const)),
  /** CORS headers the URL answers with. @default no CORS headers */
  cors: optional(CORS.named<FunctionUrlCorsProps>()),
  /** `RESPONSE_STREAM` streams the response (up to 20 MB, handlers wrapped in `streamifyResponse`). @default "BUFFERED" */
  invokeMode: optional(oneOf(["BUFFERED", "RESPONSE_STREAM"] as const)),
});

/** A dedicated HTTPS endpoint for the function. */
export interface FunctionUrlProps extends TypeOf<typeof FUNCTION_URL> {}
export const FUNCTION_URL_SCHEMA = FUNCTION_URL.named<FunctionUrlProps>();

/** The URL and, for `NONE`, the public permission Lambda requires. */
export function bindFunctionUrl(target: EventTarget, url: FunctionUrlProps): LambdaFunctionUrl {
  const authorization = url.authorization ?? "AWS_IAM";
  const cors = url.cors;
  const resource = new LambdaFunctionUrl(target.scope, "FunctionUrl", {
    functionName: target.functionNameRef,
    qualifier: target.qualifier,
    authorizationType: authorization,
    invokeMode: url.invokeMode,
    cors: cors
      ? {
          allowOrigins: [...cors.allowOrigins],
          allowMethods: cors.allowMethods ? [...cors.allowMethods] : undefined,
          allowHeaders: cors.allowHeaders ? [...cors.allowHeaders] : undefined,
          exposeHeaders: cors.exposeHeaders ? [...cors.exposeHeaders] : undefined,
          allowCredentials: cors.allowCredentials,
          maxAge: cors.maxAge,
        }
      : undefined,
  });
  if (authorization === "NONE") {
    // Lambda evaluates the function's policy even with NONE: without this statement every request gets 403.
    new LambdaPermission(target.scope, "FunctionUrlPublicPermission", {
      statementId: "function-url-public",
      action: "lambda:InvokeFunctionUrl",
      functionName: target.functionNameRef,
      qualifier: target.qualifier,
      principal: "*",
      functionUrlAuthType: "NONE",
    });
  }
  return resource;
}
