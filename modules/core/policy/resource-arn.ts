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

/** Services whose ARN resource part starts with the resource's own name (`arn:aws:s3:::bucket/key`, `arn:aws:sqs:r:a:queue`, `arn:aws:execute-api:r:a:api-id/stage/GET/path`). */
const UNTYPED_SERVICES = new Set(["s3", "sqs", "sns", "execute-api"]);
/** Services whose ARNs put a path before the name (`role/service-role/name`): a wildcard anywhere after the type covers ids. */
const PATH_SERVICES = new Set(["iam"]);

/**
 * True when an ARN names a resource type but wildcards the resource id, so it covers every
 * resource of that type (or every one whose name starts the same way): `arn:aws:iam::111111111111:role/*`,
 * `...:function:*`, `...:table/*`, `...:secret:*`, `...:role/app-*`, `arn:aws:s3:::logs-*`. Wildcards
 * below a named resource are not matched: `arn:aws:s3:::bucket/*` (objects of one bucket),
 * `...:table/orders/index/*`, `...:log-group:/aws/lambda/x:*`, `...:function:name:*` (its versions).
 *
 * The id is the first part of the resource for S3, SQS and SNS (their ARNs have no type), the part
 * after the type for the others (`function:<id>`, `table/<id>`, `secret:<id>`); for IAM, any part after
 * the type (a path or the name). References Terraform resolves later (`${...}`, cdktf tokens) count as
 * named. `"*"` itself is not an ARN: `isWildcardResource` covers it and the broader ARNs.
 */
export function isResourceIdWildcard(arn: string): boolean {
  if (typeof arn !== "string") return false;
  const known = arn.replace(/\$\{[^}]*\}/g, "X");
  if (!known.startsWith("arn:")) return false;
  const segments = known.split(":");
  if (segments.length < 6) return false;
  const service = segments[2].toLowerCase();
  const parts = segments.slice(5).join(":").split(/[/:]/);
  if (UNTYPED_SERVICES.has(service) || parts.length === 1) return WILDCARD_CHARS.test(parts[0]);
  if (PATH_SERVICES.has(service)) return parts.slice(1).some((p) => WILDCARD_CHARS.test(p));
  return WILDCARD_CHARS.test(parts[1]);
}
