import { RulePack, type RulePackOptions } from "../../../../modules/core/rule-pack";
import { ValidationError } from "../../../../modules/core/validation";
// dev declared as config/dev.ts declares it (warn), so that severity "warn" is valid there.
import "./helpers";

const problems = (options: unknown) => {
  try {
    new RulePack(options as RulePackOptions);
  } catch (e) {
    if (e instanceof ValidationError) return e.problems.map((p) => [p.path, p.prop, p.rule, p.received]);
    throw e;
  }
  return [];
};

describe("RulePack options, checked by their schema", () => {
  test("a misspelt option is refused, not ignored (severty would have left dev's pack failing synth)", () => {
    expect(problems({ environment: "dev", severty: "warn", log: () => undefined })).toEqual([
      ["RulePack", "severty", "one of the known props (environment, severity, suppressions, rules, log)", "an unknown prop"],
    ]);
  });

  test.each([
    ["options that are not an object", null, "options", "an object with at least environment", null],
    ["a log that is not a function", { environment: "dev", log: "stderr" }, "log", "a function that prints one line", "stderr"],
    ["suppressions that are not a list", { environment: "dev", suppressions: { ruleId: "lambda-tracing" } }, "suppressions", "a list of { ruleId, reason, path? }", { ruleId: "lambda-tracing" }],
    ["rules that are not a list", { environment: "dev", rules: "all" }, "rules", "a list of rules with distinct kebab-case ids", "all"],
  ])("%s", (_what, options, prop, rule, received) => {
    expect(problems(options)).toEqual([["RulePack", prop, rule, received]]);
  });

  test("valid options pass", () => {
    expect(problems({ environment: "dev", severity: "warn", suppressions: [], log: () => undefined })).toEqual([]);
  });
});
