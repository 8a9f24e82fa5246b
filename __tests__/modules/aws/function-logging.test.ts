import { Testing } from "cdktf";
import { ServerlessFunction, type ServerlessFunctionProps } from "../../../modules/aws";
import { CODE_DIR, only, validationError, type Json } from "./support";
import { envStack } from "./data-support";

const logging = (props: Partial<ServerlessFunctionProps>) => {
  const stack = envStack();
  new ServerlessFunction(stack, "Fn", { functionName: "orders", codeDirectory: CODE_DIR, ...props });
  const { log_group: _group, ...config } = only(JSON.parse(Testing.synth(stack)) as Json, "aws_lambda_function").logging_config;
  return config;
};

describe("ServerlessFunction logging", () => {
  test("JSON by default, at Lambda's INFO levels written out (a plan then shows no drift)", () => {
    expect(logging({})).toEqual({ log_format: "JSON", application_log_level: "INFO", system_log_level: "INFO" });
  });

  test("levels of the code and of Lambda; Text without levels", () => {
    expect(logging({ applicationLogLevel: "DEBUG", systemLogLevel: "WARN" })).toEqual({ log_format: "JSON", application_log_level: "DEBUG", system_log_level: "WARN" });
    expect(logging({ logFormat: "Text" })).toEqual({ log_format: "Text" });
  });

  test.each<[Partial<ServerlessFunctionProps>, string, RegExp]>([
    [{ logFormat: "json" as "JSON" }, "logFormat", /one of "JSON", "Text"/],
    [{ applicationLogLevel: "VERBOSE" as "INFO" }, "applicationLogLevel", /one of "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"/],
    [{ systemLogLevel: "TRACE" as "INFO" }, "systemLogLevel", /one of "DEBUG", "INFO", "WARN"/],
    [{ logFormat: "Text", applicationLogLevel: "DEBUG" }, "applicationLogLevel", /unset when logFormat is "Text"/],
  ])("Noncompliance: %p is refused", (props, prop, rule) => {
    const error = validationError(() => logging(props));
    expect(error.problems.map((p) => p.prop)).toEqual([prop]);
    expect(error.problems[0].rule).toMatch(rule);
  });
});
