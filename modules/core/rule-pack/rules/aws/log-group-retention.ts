import { isExpression, show } from "../../config";
import type { Rule } from "../../rule";

/** Days of retention the pack asks for in prod (a year, for incident investigation and audits). */
export const PROD_MIN_RETENTION_DAYS = 365;

export const logGroupRetention: Rule = {
  id: "log-group-retention",
  title: "Log groups expire their logs, after at least a year in prod",
  checkov: ["CKV_AWS_66", "CKV_AWS_338"],
  trivy: [],
  description: `Every \`aws_cloudwatch_log_group\` sets \`retention_in_days\` (never-expiring logs cost forever, CKV_AWS_66); in \`prod\` it keeps them at least ${PROD_MIN_RETENTION_DAYS} days (CKV_AWS_338).`,
  appliesTo: ["aws_cloudwatch_log_group"],
  check(group, context) {
    const days = group.config.retention_in_days;
    if (isExpression(days)) return undefined;
    if (typeof days !== "number" || days <= 0) {
      return `retention_in_days is ${show(days)}: logs never expire; set a retention (ServerlessFunction logRetentionDays, HttpApi accessLogRetentionDays)`;
    }
    if (context.environment === "prod" && days < PROD_MIN_RETENTION_DAYS) {
      return `retention_in_days is ${days} in prod; keep logs at least ${PROD_MIN_RETENTION_DAYS} days`;
    }
    return undefined;
  },
};
