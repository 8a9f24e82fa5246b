import { block, blocks, list, type Config } from "./blocks";
import type { TerraformModel } from "./model";

/**
 * One entry of an S3 or Cloud Storage ACL: a permission for a grantee on a bucket or object.
 * S3 permissions are `READ`, `WRITE`, `READ_ACP`, `WRITE_ACP`, `FULL_CONTROL`; Cloud Storage roles
 * `READER`, `WRITER`, `OWNER`.
 */
export interface AclGrant {
  /** What the ACL is on: the `bucket` (or `bucket`/`key`, `object`) argument, or the block itself. */
  readonly on: string;
  /** `AllUsers`, `AuthenticatedUsers`, `LogDelivery`, `id:<canonical id>`, `email:<address>` (S3); the entity as written (Cloud Storage: `allUsers`, `user-x@example.com`, `project-owners-123`). */
  readonly grantee: string;
  readonly permission: string;
  /** Anyone on the internet (`AllUsers`, `allUsers`) or any account (`AuthenticatedUsers`, `allAuthenticatedUsers`). */
  readonly public: boolean;
  readonly source: { readonly address: string; readonly attribute: string };
}

/** S3 canned ACLs (Amazon S3 User Guide, "Canned ACL"): the grants each adds besides the owner's. */
const S3_CANNED: Readonly<Record<string, readonly [string, string][]>> = {
  private: [],
  "public-read": [["AllUsers", "READ"]],
  "public-read-write": [
    ["AllUsers", "READ"],
    ["AllUsers", "WRITE"],
  ],
  "aws-exec-read": [["aws-exec-read (Amazon EC2)", "READ"]],
  "authenticated-read": [["AuthenticatedUsers", "READ"]],
  "bucket-owner-read": [["bucket owner", "READ"]],
  "bucket-owner-full-control": [["bucket owner", "FULL_CONTROL"]],
  "log-delivery-write": [
    ["LogDelivery", "WRITE"],
    ["LogDelivery", "READ_ACP"],
  ],
};

/** Cloud Storage predefined ACLs (JSON API names, any case, dashes ignored): the entries each adds besides the owners'. */
const GCS_PREDEFINED: Readonly<Record<string, readonly [string, string][]>> = {
  private: [],
  projectprivate: [["project-viewers", "READER"]],
  authenticatedread: [["allAuthenticatedUsers", "READER"]],
  publicread: [["allUsers", "READER"]],
  publicreadwrite: [
    ["allUsers", "READER"],
    ["allUsers", "WRITER"],
  ],
  bucketownerread: [["bucket owner", "READER"]],
  bucketownerfullcontrol: [["bucket owner", "OWNER"]],
};

const S3_GROUPS = /^https?:\/\/acs\.amazonaws\.com\/groups\/(?:global|s3)\/(AllUsers|AuthenticatedUsers|LogDelivery)$/;
const PUBLIC = new Set(["allusers", "authenticatedusers", "allauthenticatedusers"]);

function isPublic(grantee: string): boolean {
  return PUBLIC.has(grantee.trim().toLowerCase());
}

function text(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value ?? null);
}

/**
 * The ACL entries a block grants, for the S3 and Cloud Storage types that carry ACLs:
 * `aws_s3_bucket_acl` (`acl` or `access_control_policy.grant`), `aws_s3_bucket` (its deprecated
 * `acl` and `grant`), `aws_s3_object` (`acl`), `google_storage_bucket_acl`,
 * `google_storage_object_acl` (`predefined_acl`, `role_entity`), `google_storage_default_object_acl`
 * and the `_access_control` types (`entity`, `role`). A canned or predefined ACL is read as the
 * grants it stands for; one the model does not know is a grant to `acl:<name>`, which covers
 * nothing. `grants` is undefined for another type.
 */
export function aclGrantsOf(model: TerraformModel, address: string): { readonly grants?: readonly AclGrant[] } {
  const b = model.block(address);
  if (!b) return {};
  const c = b.config;
  const make = (on: string, grantee: string, permission: string, attribute: string): AclGrant => ({ on, grantee, permission, public: isPublic(grantee), source: { address, attribute } });
  const canned = (on: string, value: unknown, attribute: string, table: Readonly<Record<string, readonly [string, string][]>>, key: (v: string) => string): AclGrant[] => {
    if (value === undefined || value === null || value === "") return [];
    const entries = typeof value === "string" ? table[key(value)] : undefined;
    return entries ? entries.map(([g, p]) => make(on, g, p, attribute)) : [make(on, `acl:${text(value)}`, "?", attribute)];
  };
  const s3Canned = (on: string, value: unknown, attribute: string) => canned(on, value, attribute, S3_CANNED, (v) => v.toLowerCase());
  const gcsPredefined = (on: string, value: unknown, attribute: string) => canned(on, value, attribute, GCS_PREDEFINED, (v) => v.replace(/[-_]/g, "").toLowerCase());
  const roleEntities = (on: string, value: unknown) =>
    list(value).map((re, i) => {
      const t = text(re);
      const at = t.indexOf(":");
      return at > 0 ? make(on, t.slice(at + 1), t.slice(0, at).toUpperCase(), `role_entity[${i}]`) : make(on, t, "?", `role_entity[${i}]`);
    });
  switch (b.typeKey) {
    case "aws_s3_bucket_acl": {
      const on = text(c.bucket);
      const policy = block(c.access_control_policy);
      const grants = blocks(policy?.grant).map((g, i) => make(on, s3Grantee(block(g.grantee) ?? {}), text(g.permission), `access_control_policy.grant[${i}]`));
      return { grants: [...s3Canned(on, c.acl, "acl"), ...grants] };
    }
    case "aws_s3_bucket": {
      const on = `\${${address}.id}`;
      const inline = blocks(c.grant).flatMap((g, i) => list(g.permissions).map((p) => make(on, s3Grantee(g), text(p), `grant[${i}]`)));
      return { grants: [...s3Canned(on, c.acl, "acl"), ...inline] };
    }
    case "aws_s3_object":
      return { grants: s3Canned(`${text(c.bucket)}/${text(c.key)}`, c.acl, "acl") };
    case "google_storage_bucket_acl":
      return {
        grants: [
          ...gcsPredefined(text(c.bucket), c.predefined_acl, "predefined_acl"),
          ...roleEntities(text(c.bucket), c.role_entity),
          // The predefined ACL new objects get.
          ...gcsPredefined(`${text(c.bucket)} (new objects)`, c.default_acl, "default_acl"),
        ],
      };
    case "google_storage_object_acl": {
      const on = `${text(c.bucket)}/${text(c.object)}`;
      return { grants: [...gcsPredefined(on, c.predefined_acl, "predefined_acl"), ...roleEntities(on, c.role_entity)] };
    }
    case "google_storage_default_object_acl":
      return { grants: roleEntities(`${text(c.bucket)} (new objects)`, c.role_entity) };
    case "google_storage_bucket_access_control":
      return { grants: [make(text(c.bucket), text(c.entity), text(c.role).toUpperCase(), "entity")] };
    case "google_storage_default_object_access_control":
      return { grants: [make(`${text(c.bucket)} (new objects)`, text(c.entity), text(c.role).toUpperCase(), "entity")] };
    case "google_storage_object_access_control":
      return { grants: [make(`${text(c.bucket)}/${text(c.object)}`, text(c.entity), text(c.role).toUpperCase(), "entity")] };
    default:
      return {};
  }
}

/** An S3 grantee: a group by URI, a canonical user id, an e-mail address. */
function s3Grantee(g: Config): string {
  if (typeof g.uri === "string" && g.uri !== "") {
    const m = S3_GROUPS.exec(g.uri.trim());
    return m ? m[1] : `uri:${g.uri}`;
  }
  if (typeof g.id === "string" && g.id !== "") return `id:${g.id}`;
  if (typeof g.email_address === "string" && g.email_address !== "") return `email:${g.email_address}`;
  return `${text(g.type ?? "?")}:?`;
}

/** Whether ACL permission `wide` includes `narrow` (`FULL_CONTROL` and `OWNER` include every other; `WRITER` includes `READER`). */
export function aclPermissionCovers(wide: string, narrow: string): boolean {
  if (wide === narrow) return true;
  if (wide === "FULL_CONTROL" || wide === "OWNER") return narrow !== "?";
  return wide === "WRITER" && narrow === "READER";
}
