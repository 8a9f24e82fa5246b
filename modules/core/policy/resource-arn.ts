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
