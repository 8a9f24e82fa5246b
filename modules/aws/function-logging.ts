import type { LambdaFunctionLoggingConfig } from "@cdktf/provider-aws/lib/lambda-function";
import { oneOf } from "../core/rules";
import { optional, type Refinement } from "../core/schema";

const LOG_FORMATS = ["JSON", "Text"] as const;
const APPLICATION_LOG_LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"] as const;
const SYSTEM_LOG_LEVELS = ["DEBUG", "INFO", "WARN"] as const;
/** What Lambda applies to a JSON-logging function that sets no level; written out, so that a plan shows no drift. */
const DEFAULT_LOG_LEVEL = "INFO";

/** The logging props of `ServerlessFunction` (Lambda's advanced logging controls). */
export const FUNCTION_LOGGING_FIELDS = {
  /**
   * `JSON`: Lambda writes its own lines (start, end, report) as JSON, the runtime's `console` output
   * becomes JSON objects with level, time and request id, and the log levels below filter them.
   * `Text`: plain lines, no levels.
   * @default "JSON"
   */
  logFormat: optional(oneOf(LOG_FORMATS)),
  /** Least level of the code's log lines that reach CloudWatch (JSON only). @default "INFO" */
  applicationLogLevel: optional(oneOf(APPLICATION_LOG_LEVELS)),
  /** Least level of Lambda's own log lines (JSON only). @default "INFO" */
  systemLogLevel: optional(oneOf(SYSTEM_LOG_LEVELS)),
} as const;

interface LoggingProps {
  readonly logFormat?: string;
  readonly applicationLogLevel?: string;
  readonly systemLogLevel?: string;
}

/** Lambda refuses log levels for a function that logs Text. */
export function checkLogLevels(props: LoggingProps, r: Refinement): void {
  if (props.logFormat !== "Text") return;
  for (const key of ["applicationLogLevel", "systemLogLevel"] as const) {
    if (props[key] !== undefined) r.fail(key, 'unset when logFormat is "Text" (Lambda filters by level only JSON logs)', props[key]);
  }
}

/** The function's `logging_config`: its format, its levels (JSON), and its own log group. */
export function loggingConfig(props: LoggingProps, logGroup: string): LambdaFunctionLoggingConfig {
  const format = props.logFormat ?? "JSON";
  return format === "JSON"
    ? { logFormat: format, applicationLogLevel: props.applicationLogLevel ?? DEFAULT_LOG_LEVEL, systemLogLevel: props.systemLogLevel ?? DEFAULT_LOG_LEVEL, logGroup }
    : { logFormat: format, logGroup };
}
