import { matches } from "../core/rules";
/**
 * Lambda and CloudWatch limits the constructs check at synth, in one place.
 * Sources: Lambda quotas, runtimes and environment-variable pages of the AWS Lambda Developer Guide.
 */

// The rule pack (modules/core) checks runtimes too; the lists live there so imports flow aws -> core.
export { DEPRECATED_RUNTIMES, SUPPORTED_RUNTIMES } from "../core/rule-pack/rules/aws/lambda-runtimes";

export const DEFAULT_RUNTIME = "nodejs22.x";

/** esbuild target for a Node.js runtime (`nodejs22.x` -> `node22`). */
export function esbuildTarget(runtime: string): string {
  return `node${/^nodejs(\d+)/.exec(runtime)?.[1] ?? "22"}`;
}

export const MEMORY_MB = { min: 128, max: 10240 } as const;
export const TIMEOUT_SECONDS = { min: 1, max: 900 } as const;
export const DEFAULT_TIMEOUT_SECONDS = 10;
export const EPHEMERAL_STORAGE_MB = { min: 512, max: 10240 } as const;
/** Total size of all environment variable keys and values. */
export const ENVIRONMENT_MAX_BYTES = 4096;
/** Lambda's pattern for environment variable keys, [a-zA-Z]([a-zA-Z0-9_])+: two characters at least. */
export const ENVIRONMENT_KEY = matches(/^[A-Za-z][A-Za-z0-9_]+$/, "a letter followed by at least one letter, digit or _ (Lambda's key pattern)");
export const MAX_LAYERS = 5;
export const MAX_SUBNETS = 16;
export const MAX_SECURITY_GROUPS = 5;
/** API Gateway's hard limit on an integration's time to answer. */
export const API_GATEWAY_TIMEOUT_SECONDS = 30;

/** Environment keys the Lambda runtime sets itself; a function may not set them. */
export const RESERVED_ENVIRONMENT_KEYS = [
  "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
  "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
  "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
  "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
  "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
] as const;

/** Retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
