import diff from "microdiff";
import { forcesReplacement } from "./replacements";
import type { BlockMode, ModelBlock } from "../../modules/core/terraform";
import type { StackView } from "./stack-view";
import { compareText } from "./synth-output";

export interface AttributeChange {
  /** `memory_size`, `vpc_config.subnet_ids[0]`, `policy.Statement[1].Action`. */
  readonly path: string;
  readonly kind: "added" | "removed" | "changed";
  readonly oldValue?: unknown;
  readonly newValue?: unknown;
  readonly forcesReplacement: boolean;
}

export interface ResourceChange {
  readonly address: string;
  readonly mode: BlockMode;
  readonly type: string;
  /** Construct path relative to the stack. */
  readonly path: string;
  /** `update` becomes `replace` when a changed argument forces a new resource; `move`: only its address changes (a `moved` block). */
  readonly action: "create" | "delete" | "update" | "replace" | "move";
  readonly attributes: readonly AttributeChange[];
  /** The base address, when a `moved` block in head moves it here. */
  readonly movedFrom?: string;
}

/** A resource destroyed and one of the same type created with the same name: most likely a renamed construct. */
export interface ProbableRename {
  readonly type: string;
  /** The identifying argument and its value (`function_name = svc-dev-hello`). */
  readonly argument: string;
  readonly name: string;
  readonly from: { readonly address: string; readonly path: string };
  readonly to: { readonly address: string; readonly path: string };
}

export interface StackDiff {
  readonly stack: string;
  readonly status: "added" | "removed" | "changed" | "unchanged";
  readonly changes: readonly ResourceChange[];
  /** Providers, backend, outputs, variables: everything besides resources and data sources. */
  readonly settings: readonly AttributeChange[];
  readonly renames: readonly ProbableRename[];
}

/** Arguments that name a resource in its cloud (the first one a block has is its identity). */
const IDENTIFYING = ["function_name", "bucket", "repository_id", "account_id", "secret_id", "layer_name", "table_name", "topic_name", "name", "statement_id", "service_id"];

/** Resource-level and attribute-level diff of one stack (either side may be missing). */
export function diffStack(name: string, base: StackView | undefined, head: StackView | undefined): StackDiff {
  const changes: ResourceChange[] = [];
  // Base blocks by the address head knows them by (a `moved` block's target).
  const baseBy = new Map((base?.blocks ?? []).map((b) => [base!.canonical(b.address), b]));
  const addresses = [...new Set([...baseBy.keys(), ...(head?.blocks ?? []).map((b) => b.address)])].sort(compareText);
  for (const address of addresses) {
    const before = baseBy.get(address);
    const after = head?.block(address);
    if (!before && after) {
      changes.push({ ...identity(head!, after), action: "create", attributes: [] });
    } else if (before && !after) {
      changes.push({ ...identity(base!, before), action: "delete", attributes: [] });
    } else if (before && after) {
      // What the JSON says, `//` metadata left out: a construct path an override rewrites is no change.
      const beforeConfig = base!.canonicalValue(before.raw) as Record<string, unknown>;
      const attributes = diffValues(beforeConfig, after.raw as Record<string, unknown>, (path) => before.mode === "managed" && forcesReplacement(before.type, path)).map(
        (a) => readableChange(a, base!, head!),
      );
      // A data source read under another name holds no state: only a resource is moved.
      const movedFrom = before.address !== after.address && before.mode === "managed" ? before.address : undefined;
      if (attributes.length === 0 && !movedFrom) continue;
      const replace = attributes.some((a) => a.forcesReplacement);
      changes.push({ ...identity(head!, after), action: replace ? "replace" : attributes.length > 0 ? "update" : "move", attributes, ...(movedFrom ? { movedFrom } : {}) });
    }
  }
  const settings = diffValues(
    normalizeSettings(base ? base.settings() : {}),
    normalizeSettings(head ? head.settings() : {}),
    () => false,
  ).map((a) => ({
    ...a,
    ...("oldValue" in a && base ? { oldValue: base.readableValue(a.oldValue) } : {}),
    ...("newValue" in a && head ? { newValue: head.readableValue(a.newValue) } : {}),
  }));
  const status = !base ? "added" : !head ? "removed" : changes.length > 0 || settings.length > 0 ? "changed" : "unchanged";
  return { stack: name, status, changes, settings, renames: probableRenames(changes, base, head) };
}

/**
 * Destroyed and created resources of the same type whose identifying argument (`function_name`,
 * `name`, `bucket`...) has the same literal value on both sides, one to one: Terraform will
 * destroy the old one and create the new one, most likely because a construct was renamed or moved.
 */
function probableRenames(changes: readonly ResourceChange[], base: StackView | undefined, head: StackView | undefined): ProbableRename[] {
  if (!base || !head) return [];
  const key = (view: StackView, address: string) => {
    const block = view.block(address);
    if (!block || block.mode !== "managed") return undefined;
    const argument = IDENTIFYING.find((a) => typeof block.raw[a] === "string" && !(block.raw[a] as string).includes("${"));
    return argument ? { argument, name: block.raw[argument] as string, k: `${block.type}\u0000${argument}\u0000${block.raw[argument] as string}` } : undefined;
  };
  const group = (action: ResourceChange["action"], index: StackView) => {
    const out = new Map<string, { address: string; path: string; argument: string; name: string; type: string }[]>();
    for (const c of changes.filter((x) => x.action === action)) {
      const k = key(index, c.address);
      if (k) out.set(k.k, [...(out.get(k.k) ?? []), { address: c.address, path: c.path, argument: k.argument, name: k.name, type: c.type }]);
    }
    return out;
  };
  const deleted = group("delete", base);
  const created = group("create", head);
  const out: ProbableRename[] = [];
  for (const [k, olds] of deleted) {
    const news = created.get(k);
    if (olds.length !== 1 || news?.length !== 1) continue;
    const [o] = olds;
    const [n] = news;
    out.push({ type: o.type, argument: o.argument, name: o.name, from: { address: o.address, path: o.path }, to: { address: n.address, path: n.path } });
  }
  return out.sort((a, b) => compareText(a.to.address, b.to.address));
}

/** Shows references as `<type construct/path>.attr`, each side with its own stack. */
function readableChange(change: AttributeChange, base: StackView, head: StackView): AttributeChange {
  return {
    ...change,
    ...("oldValue" in change ? { oldValue: base.readableValue(change.oldValue) } : {}),
    ...("newValue" in change ? { newValue: head.readableValue(change.newValue) } : {}),
  };
}

function identity(view: StackView, block: ModelBlock): Pick<ResourceChange, "address" | "mode" | "type" | "path"> {
  return { address: view.canonical(block.address), mode: block.mode, type: block.type, path: view.pathOf(block.address) };
}

/**
 * Attribute-level differences. JSON strings (policies, lifecycle rules) are compared as JSON so a
 * change shows where it is; lists are compared by position, as Terraform does for blocks.
 */
export function diffValues(before: Record<string, unknown>, after: Record<string, unknown>, replaces: (path: (string | number)[]) => boolean): AttributeChange[] {
  return diff(expandJson(before) as Record<string, unknown>, expandJson(after) as Record<string, unknown>).map((d) => ({
    path: formatPath(d.path),
    kind: d.type === "CREATE" ? "added" : d.type === "REMOVE" ? "removed" : "changed",
    ...(d.type !== "CREATE" ? { oldValue: d.oldValue } : {}),
    ...(d.type !== "REMOVE" ? { newValue: d.value } : {}),
    forcesReplacement: replaces(d.path),
  }));
}

/** `["vpc_config", "subnet_ids", 0]` -> `vpc_config.subnet_ids[0]`. */
export function formatPath(path: readonly (string | number)[]): string {
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : /^[A-Za-z_][A-Za-z0-9_-]*$/.test(p) ? `${i === 0 ? "" : "."}${p}` : `[${JSON.stringify(p)}]`))
    .join("");
}

function expandJson(value: unknown): unknown {
  if (typeof value === "string") {
    const t = value.trim();
    if ((t.startsWith("{") && t.endsWith("}")) || (t.startsWith("[") && t.endsWith("]"))) {
      try {
        const parsed = JSON.parse(t);
        if (parsed && typeof parsed === "object") return expandJson(parsed);
      } catch {
        // not JSON: compare as text
      }
    }
    return value;
  }
  if (Array.isArray(value)) return value.map(expandJson);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandJson(v)]));
  return value;
}

/**
 * The local backend's `path` is absolute and names the checkout it was synthesized in, so two
 * checkouts of the same code differ there; compare its file name only.
 */
function normalizeSettings(settings: Record<string, unknown>): Record<string, unknown> {
  const local = (settings.terraform as { backend?: { local?: { path?: unknown } } } | undefined)?.backend?.local;
  if (local && typeof local.path === "string" && local.path.startsWith("/")) {
    const copy = JSON.parse(JSON.stringify(settings)) as typeof settings;
    (copy.terraform as { backend: { local: { path: string } } }).backend.local.path = `<checkout>/${local.path.split("/").pop()}`;
    return copy;
  }
  return settings;
}
