import { LambdaFunctionUrl } from "@cdktf/provider-aws/lib/lambda-function-url";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import type { AllKeysListed } from "../core/known-keys";
import { booleanValue, integerBetween, matches, oneOf } from "../core/rules";
import type { Validator } from "../core/validation";
import type { EventTarget } from "./events/event-target";

/** CORS of a function URL. */
export interface FunctionUrlCorsProps {
  /** Origins allowed to call, e.g. `https://app.example.com`, or `*`. */
  readonly allowOrigins: readonly string[];
  /** @default every method */
  readonly allowMethods?: readonly ("GET" | "PUT" | "HEAD" | "POST" | "PATCH" | "DELETE" | "*")[];
  /** @default none */
  readonly allowHeaders?: readonly string[];
  /** @default none */
  readonly exposeHeaders?: readonly string[];
  /** @default false */
  readonly allowCredentials?: boolean;
  /** Seconds a browser may cache the preflight answer, 0 to 86400. @default 0 */
  readonly maxAge?: number;
}

/** A dedicated HTTPS endpoint for the function. */
export interface FunctionUrlProps {
  /**
   * `AWS_IAM`: callers sign with SigV4 and need `lambda:InvokeFunctionUrl` and `lambda:InvokeFunction`.
   * `NONE`: public; the function's policy grants every caller, and the rule pack's
   * `lambda-function-url-auth` rule needs a suppression that says why in stg and prod.
   * @default "AWS_IAM"
   */
  readonly authorization?: "AWS_IAM" | "NONE";
  /** @default no CORS headers */
  readonly cors?: FunctionUrlCorsProps;
  /** `RESPONSE_STREAM` streams the response (up to 20 MB, handlers wrapped in `streamifyResponse`). @default "BUFFERED" */
  readonly invokeMode?: "BUFFERED" | "RESPONSE_STREAM";
}

export const FUNCTION_URL_PROP_KEYS = ["authorization", "cors", "invokeMode"] as const satisfies readonly (keyof FunctionUrlProps)[];
export type FunctionUrlPropKeysComplete = AllKeysListed<Exclude<keyof FunctionUrlProps, (typeof FUNCTION_URL_PROP_KEYS)[number]>>;
export const FUNCTION_URL_CORS_KEYS = ["allowOrigins", "allowMethods", "allowHeaders", "exposeHeaders", "allowCredentials", "maxAge"] as const satisfies readonly (keyof FunctionUrlCorsProps)[];
export type FunctionUrlCorsKeysComplete = AllKeysListed<Exclude<keyof FunctionUrlCorsProps, (typeof FUNCTION_URL_CORS_KEYS)[number]>>;

const ORIGIN = matches(/^(\*|https?:\/\/[A-Za-z0-9.*-]+(:\d{1,5})?)$/, "an origin (https://host[:port]) or *");
const HEADER = matches(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,1024}$/, "an HTTP header name (or *)");
const METHODS = ["GET", "PUT", "HEAD", "POST", "PATCH", "DELETE", "*"] as const;

export function validateFunctionUrl(v: Validator, url: FunctionUrlProps | undefined): void {
  if (url === undefined) return;
  if (url === null || typeof url !== "object" || Array.isArray(url)) {
    v.fail("url", "{ authorization?, cors?, invokeMode? }", url);
    return;
  }
  v.onlyKnownKeys("url", url, FUNCTION_URL_PROP_KEYS);
  v.check("url.authorization", url.authorization, oneOf(["AWS_IAM", "NONE"] as const));
  v.check("url.invokeMode", url.invokeMode, oneOf(["BUFFERED", "RESPONSE_STREAM"] as const));
  const cors = url.cors;
  if (cors === undefined) return;
  if (cors === null || typeof cors !== "object" || Array.isArray(cors)) {
    v.fail("url.cors", "{ allowOrigins, allowMethods?, allowHeaders?, exposeHeaders?, allowCredentials?, maxAge? }", cors);
    return;
  }
  v.onlyKnownKeys("url.cors", cors, FUNCTION_URL_CORS_KEYS);
  const origins = v.list<string>("url.cors.allowOrigins", cors.allowOrigins, { of: "origins", min: 1, max: 100, item: ORIGIN });
  if (cors.allowOrigins === undefined) v.fail("url.cors.allowOrigins", "set (it is required with cors)", undefined);
  v.list("url.cors.allowMethods", cors.allowMethods, { of: "HTTP methods", min: 1, max: 6, item: oneOf<string>(METHODS) });
  v.list("url.cors.allowHeaders", cors.allowHeaders, { of: "header names", max: 100, item: HEADER });
  v.list("url.cors.exposeHeaders", cors.exposeHeaders, { of: "header names", max: 100, item: HEADER });
  v.check("url.cors.allowCredentials", cors.allowCredentials, booleanValue);
  v.check("url.cors.maxAge", cors.maxAge, integerBetween(0, 86400, "seconds"));
  // Browsers refuse credentials from a response that allows every origin.
  if (cors.allowCredentials === true && origins?.includes("*")) {
    v.fail("url.cors.allowCredentials", 'false when allowOrigins includes "*" (browsers refuse credentials with a wildcard origin)', true);
  }
}

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
