import { oneOf } from "../rules";
import { custom, optional, props, required, type TypeOf } from "../schema";
import type { Rule as ValueRule } from "../validation";
import { RULE_ID_FORMAT, type Rule } from "./rule";
import type { Suppression } from "./suppression";

const TEXT: ValueRule<string> = { description: "an environment name", test: (v) => typeof v === "string" };

/** Rules with kebab-case ids, each once. */
const RULES = custom<readonly Rule[]>("a list of rules with distinct kebab-case ids", (c, prop, rules) => {
  if (!Array.isArray(rules)) {
    c.v.fail(prop, "a list of rules with distinct kebab-case ids", rules);
    return;
  }
  const ids = new Set<string>();
  rules.forEach((rule: Rule | undefined, i) => {
    if (!rule || typeof rule.check !== "function" || !RULE_ID_FORMAT.test(rule.id)) c.v.fail(`${prop}[${i}]`, "a Rule with a kebab-case id", rule?.id);
    else if (ids.has(rule.id)) c.v.fail(`${prop}[${i}].id`, "unique within the pack", rule.id);
    else ids.add(rule.id);
  });
});

/** A list; each suppression is then checked with the pack's rules by `validateSuppressions` (its rule id must be one of them). */
const SUPPRESSIONS = custom<readonly Suppression[]>("a list of { ruleId, reason, path? }", (c, prop, suppressions) => {
  if (!Array.isArray(suppressions)) c.v.fail(prop, "a list of { ruleId, reason, path? }", suppressions);
});

const LOG = custom<(line: string) => void>("a function that prints one line", (c, prop, log) => {
  if (typeof log !== "function") c.v.fail(prop, "a function that prints one line", log);
});

/** The options of `RulePack` and `applyRulePack`. */
export const RULE_PACK_OPTIONS = props(
  {
    /**
     * The stack's environment, e.g. `dev`, `stg`, `prod`. What the pack asks of it comes from the
     * traits its config declares (`protected`, `rulePackSeverity`); an environment no config
     * declares gets the strictest.
     */
    environment: required(TEXT),
    /**
     * `error` fails synth before the stack is written; `warn` writes it with warnings. May raise the
     * environment's declared level, never lower it. @default the environment's declared `rulePackSeverity` ("error" when undeclared)
     */
    severity: optional(oneOf(["error", "warn"] as const)),
    /** Accepted findings, each with its reason. @default none */
    suppressions: optional(SUPPRESSIONS),
    /**
     * Rules to run besides SECURE_BY_DEFAULT (every AWS, GCP and default-deny rule), which every pack
     * runs: a pack adds rules, it cannot drop or replace one. @default none
     */
    rules: optional(RULES),
    /** Where the list of suppressions is printed once per synth. @default process.stderr */
    log: optional(LOG),
  },
  { name: "RulePack options", expected: "an object with at least environment", rootProp: "options", noTemplateSyntax: false },
);

export interface RulePackOptions extends TypeOf<typeof RULE_PACK_OPTIONS> {}
