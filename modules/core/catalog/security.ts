import { isObject, type Config } from "../terraform/blocks";
import { catalogEntry } from "./index";

/**
 * What the catalog says about a type's security, in the forms every tool asks: which arguments
 * grant or expose something, and, for a type it does not describe, which arguments look as if they
 * could.
 */

const attributesOf = new Map<string, readonly string[]>();

/** The arguments of a type that grant or expose something (every kind of grant the catalog knows); none for an unknown type. */
export function securityAttributes(typeKey: string): readonly string[] {
  let attributes = attributesOf.get(typeKey);
  if (!attributes) attributesOf.set(typeKey, (attributes = (catalogEntry(typeKey)?.grants ?? []).flatMap((g) => g.attributes)));
  return attributes;
}

/**
 * Argument names that grant or expose something in any provider: a type the catalog does not
 * describe but that carries one of them could be an IAM policy, an ACL or a firewall.
 */
const SECURITY_LIKE = /(^|_)(policy|policies|acl|acls|grant|grants|grantee|ingress|egress|cidr|cidrs|cidr_block|cidr_blocks|source_ranges|principal|principals|member|members|binding|bindings|role|roles|permission|permissions|access|public|authorization|authorizer|trust|firewall|allow|deny|share|shared|sharing|sharable)(_|$)/;

/**
 * The security-like argument names of a block (top level and one level of nested blocks); with its
 * type, `name (<type>)` when no argument looks like one but the type's name does
 * (`aws_ebs_snapshot_block_public_access`).
 */
export function securityLikeArguments(config: Config, type?: string): string[] {
  const found = new Set<string>();
  for (const [key, value] of Object.entries(config)) {
    if (SECURITY_LIKE.test(key)) found.add(key);
    for (const nested of Array.isArray(value) ? value : [value]) {
      if (isObject(nested)) for (const k of Object.keys(nested)) if (SECURITY_LIKE.test(k)) found.add(`${key}.${k}`);
    }
  }
  // Only when no argument does: a type named like a permission or share with innocent-looking arguments.
  if (found.size === 0 && type !== undefined && SECURITY_LIKE.test(type.replace(/^data\./, ""))) return [`name (${type})`];
  return [...found].sort();
}
