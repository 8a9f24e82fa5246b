import { createHash } from "node:crypto";
import { text } from "./markdown";

/**
 * Folding: the same change made in several places (functions, stacks) becomes one row that says
 * where it applies. Values that differ only by the environment's name (`svc-dev-reports` in
 * aws-dev, `svc-prod-reports` in aws-prod) fold too, shown as `svc-{dev,prod}-reports`.
 */

/** Where one occurrence of a change is: its stack, the Terraform address of the block, and its construct path (shown). */
export interface Place {
  readonly stack: string;
  /** The block's Terraform address: what identifies it (an override can rewrite the construct path). */
  readonly address: string;
  readonly path: string;
}

export interface FoldItem<T> {
  /** Cells of the row as this occurrence has them; equal cells (up to the environment's name) fold. */
  readonly cells: readonly string[];
  readonly place: Place;
  readonly payload: T;
}

export interface FoldedRow<T> {
  /** Cells with the environment placeholder written out (`svc-{dev,prod}-reports`). */
  readonly cells: readonly string[];
  /** Cells with `{env}` in place of the environment's name: what identifies the change. */
  readonly template: readonly string[];
  readonly places: readonly Place[];
  readonly payloads: readonly T[];
}

const PLACEHOLDER = "\u0000env\u0000";

/** The usual order environments are promoted in; others follow, by name. */
const PROMOTION = ["local", "sandbox", "dev", "development", "test", "qa", "int", "stg", "stage", "staging", "uat", "preprod", "prod", "production"];

/**
 * The environment names of stacks: the last `-` part of a stack's name (`aws-dev` -> `dev`) when
 * another stack has the same prefix (`aws-prod`). Stacks without one keep their values as they are.
 */
export class Environments {
  private readonly tokens = new Map<string, string>();

  constructor(public readonly stackOrder: readonly string[]) {
    const prefix = (s: string) => s.slice(0, s.lastIndexOf("-"));
    for (const stack of stackOrder) {
      const i = stack.lastIndexOf("-");
      if (i <= 0 || i === stack.length - 1) continue;
      if (stackOrder.some((other) => other !== stack && other.lastIndexOf("-") > 0 && prefix(other) === prefix(stack))) {
        this.tokens.set(stack, stack.slice(i + 1));
      }
    }
  }

  /** `text` with this stack's environment name replaced by a placeholder (whole words only). */
  public template(value: string, stack: string): string {
    const token = this.tokens.get(stack);
    if (!token) return value;
    return value.replace(new RegExp(`(?<![A-Za-z0-9])${token.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![A-Za-z0-9])`, "g"), PLACEHOLDER);
  }

  /** A templated value written out for these stacks: their one environment name, or `{dev,stg,prod}`. */
  public expand(template: string, stacks: readonly string[]): string {
    if (!template.includes(PLACEHOLDER)) return template;
    const tokens = [...new Set(this.sortStacks(stacks).map((s) => this.tokens.get(s)).filter((t): t is string => t !== undefined))];
    const filler = tokens.length === 1 ? tokens[0] : `{${tokens.join(",")}}`;
    return template.split(PLACEHOLDER).join(filler);
  }

  /** Stacks in the app's order, environments of one family in promotion order (dev, stg, prod). */
  public sortStacks(stacks: readonly string[]): string[] {
    const family = (s: string) => (this.tokens.has(s) ? s.slice(0, s.lastIndexOf("-")) : s);
    const firstOfFamily = (s: string) => {
      const i = this.stackOrder.findIndex((o) => family(o) === family(s));
      return i === -1 ? Number.MAX_SAFE_INTEGER : i;
    };
    const stage = (s: string) => {
      const i = PROMOTION.indexOf(this.tokens.get(s) ?? "");
      return i === -1 ? PROMOTION.length : i;
    };
    const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    return [...new Set(stacks)].sort((a, b) => firstOfFamily(a) - firstOfFamily(b) || stage(a) - stage(b) || text(a, b));
  }
}

/** Folds items whose cells are equal up to the environment's name; rows keep the order of their first item. */
export function fold<T>(items: readonly FoldItem<T>[], envs: Environments): FoldedRow<T>[] {
  const rows = new Map<string, { template: string[]; places: Place[]; payloads: T[] }>();
  for (const item of items) {
    const template = item.cells.map((c) => envs.template(c, item.place.stack));
    const key = JSON.stringify(template);
    const row = rows.get(key) ?? { template, places: [], payloads: [] };
    if (!row.places.some((p) => p.stack === item.place.stack && p.address === item.place.address)) row.places.push(item.place);
    row.payloads.push(item.payload);
    rows.set(key, row);
  }
  return [...rows.values()].map((r) => {
    const stacks = r.places.map((p) => p.stack);
    return { template: r.template, cells: r.template.map((t) => envs.expand(t, stacks)), places: r.places, payloads: r.payloads };
  });
}

/**
 * A short id for a folded change, what `--acknowledge` takes: 10 hex digits of a SHA-256 of the
 * section, the change (its cells, the environment's name written as a placeholder) and every
 * (stack, Terraform address) it applies to. So an acknowledgement binds that change in those stacks
 * at those addresses: the same change appearing in another stack, or at another address, is a new id.
 */
export function rowId(section: string, row: FoldedRow<unknown>): string {
  const at = [...new Set(row.places.map((p) => JSON.stringify([p.stack, p.address])))].sort();
  return createHash("sha256").update(JSON.stringify([section, row.template, at])).digest("hex").slice(0, 10);
}

/**
 * Where a folded change applies, as Markdown: `ExecutionRole/Policy of users-create, -get, -list
 * in aws-dev, aws-stg, aws-prod`. Stacks with different constructs are listed apart; long lists
 * are collapsed in `<details>`.
 */
export function where(places: readonly Place[], envs: Environments): string {
  const byStack = new Map<string, string[]>();
  for (const p of places) byStack.set(p.stack, [...(byStack.get(p.stack) ?? []), p.path]);
  // Two blocks of one stack shown under one path (an override can write any path): name each by its address too.
  for (const [stack, paths] of byStack) {
    const own = places.filter((p) => p.stack === stack);
    const shared = new Set(paths.filter((path) => new Set(own.filter((p) => p.path === path).map((p) => p.address)).size > 1));
    if (shared.size > 0) byStack.set(stack, own.map((p) => (shared.has(p.path) ? `${p.path} (${p.address})` : p.path)));
  }
  const groups = new Map<string, string[]>();
  for (const stack of envs.sortStacks([...byStack.keys()])) {
    const paths = [...new Set(byStack.get(stack)!)].sort();
    const key = JSON.stringify(paths.map((p) => envs.template(p, stack)));
    groups.set(key, [...(groups.get(key) ?? []), stack]);
  }
  return [...groups.entries()]
    .map(([key, stacks]) => {
      const paths = (JSON.parse(key) as string[]).map((p) => envs.expand(p, stacks));
      return `${foldPaths(paths)} in ${text(stacks.join(", "))}`;
    })
    .join("; ");
}

const LONG_LIST = 8;

/** `a/ExecutionRole/Policy`, `b/ExecutionRole/Policy` -> `ExecutionRole/Policy of a, b`; `users-get`, `users-list` -> `users-get, -list`. */
export function foldPaths(paths: readonly string[]): string {
  const unique = [...new Set(paths)].sort();
  if (unique.length === 1) return text(unique[0]);
  const split = unique.map((p) => p.split("/"));
  let suffix = 0;
  const shortest = Math.min(...split.map((s) => s.length));
  while (suffix < shortest - 1 && split.every((s) => s[s.length - 1 - suffix] === split[0][split[0].length - 1 - suffix])) suffix++;
  const tail = suffix > 0 ? split[0].slice(split[0].length - suffix).join("/") : "";
  const heads = split.map((s) => s.slice(0, s.length - suffix).join("/"));
  const folded = foldDashes(heads);
  const list = folded.length > LONG_LIST ? `<details><summary>${text(folded.slice(0, 3).join(", "))} and ${folded.length - 3} more</summary>${text(folded.join(", "))}</details>` : text(folded.join(", "));
  return tail ? `${text(tail)} of ${list}` : list;
}

/** `users-create`, `users-get` -> `users-create`, `-get`: names sharing their first `-` part. */
function foldDashes(names: readonly string[]): string[] {
  const out: string[] = [];
  let previous: string | undefined;
  for (const name of names) {
    const dash = name.indexOf("-");
    const stem = dash > 0 && !name.includes("/") ? name.slice(0, dash) : undefined;
    out.push(stem !== undefined && stem === previous ? name.slice(dash) : name);
    previous = stem;
  }
  return out;
}
