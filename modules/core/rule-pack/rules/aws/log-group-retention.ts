import { isExpression, show } from "../../config";
import type { Rule } from "../../rule";

/** Days of retention the pack asks for in protected environments (a year, for incident investigation and audits). */
export const PROD_MIN_RETENTION_DAYS = 365;

export const logGroupRetention: Rule = {
  id: "log-group-retention",
  title: "Log groups expire their logs, after at least a year in protected environments",
  checkov: ["CKV_AWS_66", "CKV_AWS_338"],
  trivy: [],
  description: `Every \`aws_cloudwatch_log_group\` sets \`retention_in_days\` (never-expiring logs cost forever, CKV_AWS_66); in a protected environment (config declares it \`protected\`, as prod does; one no config declares counts as protected) it keeps them at least ${PROD_MIN_RETENTION_DAYS} days (CKV_AWS_338).`,
  appliesTo: ["aws_cloudwatch_log_group"],
  check(group, context) {
    const days = group.config.retention_in_days;
    if (isExpression(days)) return undefined;
    if (typeof days !== "number" || days <= 0) {
      return `retention_in_days is ${show(days)}: logs never expire; set a retention (ServerlessFunction logRetentionDays, HttpApi accessLogRetentionDays)`;
    }
    if (context.traits.protected && days < PROD_MIN_RETENTION_DAYS) {
      return `retention_in_days is ${days} in ${context.environment}, a protected environment; keep logs at least ${PROD_MIN_RETENTION_DAYS} days`;
    }
    return undefined;
  },
};
