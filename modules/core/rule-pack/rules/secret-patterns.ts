import { isExpression } from "../config";

/**
 * What a hard-coded secret looks like in an environment variable: well-known credential formats
 * (the ones checkov's and trivy's secret scanners look for), and any literal value of a variable
 * whose name says it is a secret. References are fine: an ARN, an SSM parameter path, a Secret
 * Manager name or a `${...}` expression point to a secret without holding it.
 */
const VALUE_PATTERNS: readonly { readonly what: string; readonly pattern: RegExp }[] = [
  { what: "an AWS access key id", pattern: /\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/ },
  { what: "a private key", pattern: /-----BEGIN [A-Z ]*PRIVATE KEY( BLOCK)?-----/ },
  { what: "a GitHub token", pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,})\b/ },
  { what: "a Slack token", pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { what: "a Stripe secret key", pattern: /\b[rs]k_live_[A-Za-z0-9]{20,}/ },
  { what: "a Google API key", pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { what: "a JSON web token", pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
  { what: "a password inside a URL", pattern: /[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:[^\s:/@]+@/i },
];

/** Names that say the value is a secret, unless they say it is a reference to one (`..._ARN`, `..._NAME`). */
const SECRET_NAME = /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?|AUTH_?KEY|SIGNING_?KEY)/i;
const REFERENCE_NAME = /(_ARN|_NAME|_ID|_PATH|_PARAM(ETER)?|_REF|_URI|_URL|_VERSION|_SECRET_ID|_KEY_ID|_FILE|_ENABLED|_TTL|_HEADER)$/i;
const REFERENCE_VALUE = /^(arn:|\/|projects\/|ssm:|secretsmanager:|sm:\/\/|gcp:\/\/|file:|https?:\/\/[^@]*$)/;

/** Why `value` of variable `name` looks like a hard-coded secret, or undefined. */
export function secretLooking(name: string, value: unknown): string | undefined {
  if (typeof value !== "string" || value === "" || isExpression(value)) return undefined;
  for (const { what, pattern } of VALUE_PATTERNS) if (pattern.test(value)) return `${name} holds ${what}`;
  if (SECRET_NAME.test(name) && !REFERENCE_NAME.test(name) && !REFERENCE_VALUE.test(value) && !/^(true|false|\d+)$/i.test(value)) {
    return `${name} is named like a secret and holds a literal value`;
  }
  return undefined;
}
