import { catalogEntry, type GcpIamLevel } from "../catalog";
import { blocks, isObject, list, strings, type Config } from "./blocks";
import { classify } from "./classify";
import type { TerraformModel } from "./model";
import type { UnknownAt } from "./resolve";
import type { Unreadable } from "./unreadable";

/** One GCP grant: a role for a member, on a target, maybe under a condition. */
export interface GcpGrant {
  readonly role: string;
  /** `user:...`, `serviceAccount:...`, `group:...`, `domain:...`, `allUsers`, `allAuthenticatedUsers`, `principalSet://...`. */
  readonly member: string;
  /** The IAM condition's expression, when the grant has one. */
  readonly condition?: string;
  /** Where it applies: the level of its target type. */
  readonly level: GcpIamLevel;
  /** The target type (`google_project`, `google_storage_bucket`...). */
  readonly target: string;
  /**
   * The arguments that name what it is on (`{ project: "p" }`, `{ bucket: "b" }`, `{ name, location }`
   * of a service; a dataset's own `dataset_id` and `project` for its `access` blocks), as resolved.
   */
  readonly on: Readonly<Record<string, unknown>>;
  /** The block and argument that make it. */
  readonly source: { readonly address: string; readonly attribute: string };
}

/**
 * The grants a GCP block makes, at any level and in any form the catalog describes: `member` of
 * an `_iam_member`, `members` of an `_iam_binding`, the bindings of an `_iam_policy` (its
 * `policy_data` read from a `data.google_iam_policy` of the stack or literal JSON), the `access`
 * blocks of a BigQuery dataset and a `google_bigquery_dataset_access`. What cannot be read is
 * returned as unreadable.
 */
export function gcpGrantsOf(model: TerraformModel, address: string): { grants: GcpGrant[]; unreadable: Unreadable[] } {
  const b = model.block(address);
  const grant = catalogEntry(b?.typeKey ?? "")?.grants?.find((g) => g.kind === "gcp-iam");
  if (!b || !grant || grant.kind !== "gcp-iam") return { grants: [], unreadable: [] };
  const c = b.config;
  // A dataset's access blocks and a dataset access entry are on the dataset: its id and project.
  const onDataset = b.type === "google_bigquery_dataset" || b.type === "google_bigquery_dataset_access";
  const on = targetArguments(c, onDataset ? ["dataset_id", "project"] : undefined);
  const make = (role: unknown, member: unknown, attribute: string, condition?: unknown): GcpGrant => ({
    role: typeof role === "string" ? role : "",
    member: String(member),
    ...(conditionText(condition) ? { condition: conditionText(condition) } : {}),
    level: grant.level,
    target: grant.target,
    on,
    source: { address, attribute },
  });
  if (grant.form === "member" && b.type.endsWith("_iam_member")) return { grants: list(c.member).map((m) => make(c.role, m, "member", c.condition)), unreadable: [] };
  if (grant.form === "binding") return { grants: list(c.members).map((m) => make(c.role, m, "members", c.condition)), unreadable: [] };
  if (b.type === "google_bigquery_dataset") return { grants: blocks(c.access).flatMap((a, i) => accessGrants(a).map((m) => make(a.role, m, `access[${i}]`))), unreadable: [] };
  if (b.type === "google_bigquery_dataset_access") return { grants: accessGrants(c).map((m) => make(c.role, m, "role")), unreadable: [] };
  if (grant.form === "policy") {
    const { bindings, unreadable } = policyBindings(model, address, c.policy_data);
    return { grants: bindings.flatMap((binding) => strings(binding.members).map((m) => make(binding.role, m, "policy_data", binding.condition))), unreadable };
  }
  return { grants: [], unreadable: [] };
}

/** Arguments that say what is granted, to whom, or how: the others name the target. */
const NOT_TARGET = new Set(["role", "member", "members", "condition", "policy_data", "access", "depends_on", "provider", "lifecycle", "count", "for_each"]);

/** The arguments naming a grant's target: all but the grant's own (or only `only`, for a resource that holds its grants). */
function targetArguments(c: Config, only?: readonly string[]): Record<string, unknown> {
  const keys = Object.keys(c).filter((k) => (only ? only.includes(k) : !NOT_TARGET.has(k))).sort();
  return Object.fromEntries(keys.map((k) => [k, c[k]]));
}

/**
 * The members a BigQuery `access` entry names: a user, group, domain, special group or IAM member,
 * and the authorized view, dataset or routine it lets read the dataset (BigQuery grants those
 * access without a role).
 */
function accessGrants(a: Config): string[] {
  const out: string[] = [];
  if (typeof a.user_by_email === "string") out.push(`user:${a.user_by_email}`);
  if (typeof a.group_by_email === "string") out.push(`group:${a.group_by_email}`);
  if (typeof a.domain === "string") out.push(`domain:${a.domain}`);
  if (typeof a.special_group === "string") out.push(a.special_group);
  if (typeof a.iam_member === "string") out.push(a.iam_member);
  const named = (kind: string, value: unknown, keys: readonly string[]) => {
    const v = blocks(value)[0];
    if (v) out.push(`${kind}:${keys.map((k) => String(v[k] ?? "?")).join(".")}`);
  };
  named("view", a.view, ["project_id", "dataset_id", "table_id"]);
  named("routine", a.routine, ["project_id", "dataset_id", "routine_id"]);
  const dataset = blocks(a.dataset)[0];
  if (dataset) named("dataset", dataset.dataset, ["project_id", "dataset_id"]);
  return out;
}

function conditionText(condition: unknown): string | undefined {
  const c = blocks(condition)[0];
  return c ? String(c.expression ?? c.title ?? "") : undefined;
}

/** The bindings of `policy_data`: a `data.google_iam_policy` of the stack, or literal JSON. */
function policyBindings(model: TerraformModel, address: string, policyData: unknown): { bindings: Config[]; unreadable: Unreadable[] } {
  if (typeof policyData !== "string" || policyData === "") return { bindings: [], unreadable: [] };
  const text = policyData.trim();
  if (text.startsWith("${")) {
    const { parts } = model.parse(text);
    const kind = parts.length === 1 && parts[0].kind === "interpolation" ? classify(parts[0].expression) : undefined;
    if (kind?.kind === "reference" && kind.mode === "data" && kind.type === "google_iam_policy" && model.block(kind.address)) {
      return { bindings: blocks(model.block(kind.address)!.config.binding), unreadable: model.unreadable(kind.address) };
    }
  }
  if (text.startsWith("{")) {
    try {
      const parsed: unknown = JSON.parse(text);
      return { bindings: isObject(parsed) ? blocks(parsed.bindings) : [], unreadable: [] };
    } catch (e) {
      return { bindings: [], unreadable: [{ address, path: "policy_data", what: text, why: `not JSON synth can read (${(e as Error).message})` }] };
    }
  }
  const why: UnknownAt[] = [];
  model.resolve(text, why);
  return { bindings: [], unreadable: [{ address, path: "policy_data", what: text, why: why[0]?.why ?? "not an IAM policy synth can read" }] };
}
