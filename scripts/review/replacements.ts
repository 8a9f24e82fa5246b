import { catalogEntries, type ForceNew } from "../../modules/core/catalog";

/**
 * Arguments whose change makes Terraform destroy and re-create the resource (`ForceNew` in the
 * provider schema; `immutable` in Google's Magic Modules), per resource type: the catalog's
 * `forceNew` (modules/core/catalog, one file per type; the GCP IAM families included: a member
 * cannot be updated, a binding updates its members in place).
 *
 * A change anywhere under a listed argument (nested blocks included) forces replacement.
 * `{ all: true, except }` means the resource has no update at all: any argument change replaces it,
 * except the arguments in `except` (and Terraform meta-arguments such as `depends_on`, which never do).
 */
export const FORCE_NEW: Readonly<Record<string, ForceNew>> = Object.fromEntries(
  catalogEntries().flatMap((e) => (e.forceNew !== undefined && !e.type.startsWith("data.") ? [[e.type, e.forceNew]] : [])),
);

/** Terraform meta-arguments: changing them never replaces the resource by itself. */
const META_ARGUMENTS = new Set(["depends_on", "provider", "lifecycle", "count", "for_each", "provisioner", "connection"]);

/** Whether a change at `path` (top-level argument first) of a resource of `type` forces its replacement. */
export function forcesReplacement(type: string, path: readonly (string | number)[]): boolean {
  const argument = String(path[0]);
  if (META_ARGUMENTS.has(argument)) return false;
  const rule = FORCE_NEW[type];
  if (!rule) return false;
  if (Array.isArray(rule)) return rule.includes(argument);
  return !(rule as { except: readonly string[] }).except.includes(argument);
}
