export * from "./validation";
export * from "./rules";
export * from "./tags";
export * from "./naming";
export * from "./policy/iam-actions";
export * from "./policy/policy-statement";
export * from "./packaging/deterministic-zip";
export * from "./packaging/package-store";
export * from "./unique-names";
export * from "./relative-local-state";
export * from "./regions";
export * from "./stack-context";
export * from "./apply-time";
export * from "./packaging/read-directory";
export * from "./renamed-from";
// The rule pack's API. Its `Rule` (a policy rule over synthesized resources) is exported as
// `RulePackRule`: `Rule` here stays the validation rule it has always been.
export * from "./rule-pack";
export type { Rule } from "./validation";
export type { Rule as RulePackRule } from "./rule-pack";
