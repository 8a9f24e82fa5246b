import { catalogEntry, type Grant } from "../../modules/core/catalog";
import type { ModelBlock } from "../../modules/core/terraform";
import type { StackView } from "./stack-view";

/**
 * A security fact of one stack other than an IAM statement: an attachment, a permission, a network
 * rule, an exposure setting, a grant, something the review cannot verify. The same `identity` in
 * base and head is the same thing, possibly changed; facts are compared by their content
 * (`fields` and `content`), never by how they are shown.
 */
export interface SecurityFact {
  /** The section that reads it (`FactSection.id`). */
  readonly section: string;
  readonly stack: string;
  /** The Terraform address of the block it comes from (head's address for a block that head moves). */
  readonly address: string;
  /** The same identity in base and head is the same thing. */
  readonly identity: string;
  /** The block's type key (`aws_lambda_permission`, `data.external`, `module`). */
  readonly type: string;
  /** Its construct path, what the report folds into "where" (shown only). */
  readonly path: string;
  /** Display columns, in order; with `content`, what the fact is. */
  readonly fields: readonly (readonly [string, string])[];
  /** More of what the fact is, not shown (the block's arguments, for a fact that stands for a whole block). */
  readonly content?: string;
  /** For ordered settings (ingress, authorization, public access block): higher is more exposed. */
  readonly rank?: number;
  /** Whether the fact appearing where it was not before widens access. */
  readonly broadensWhenAdded: boolean;
  /** A protection (public access block, permissions boundary, deny rule): losing it widens access while `guards` still exists. */
  readonly protective?: boolean;
  /** The address of what a protective fact protects. */
  readonly guards?: string;
  /** A unit of access compared by coverage (its section's `covers`): a new grant is covered by a wider old one. */
  readonly grant?: Readonly<Record<string, unknown>>;
  /** Expressions whose value the JSON does not tell: the fact may broaden. */
  readonly unknown: readonly string[];
  /** What the section's `widens` compares. */
  readonly detail?: Readonly<Record<string, string>>;
  /** For an attachment of a policy declared in the stack (`${aws_iam_policy.P.arn}`): that policy's address. */
  readonly policyAddress?: string;
  /**
   * The review reads the block but does not order its values (a type it knows but does not
   * compare): a change may broaden, the reason shown.
   */
  readonly uncompared?: string;
}

/**
 * One table of the security section, reading one family of what the catalog says types grant or
 * expose (`kinds`: the catalog's `grants` kinds it reads), or facts of its own (`kinds` empty). The
 * review asks every block's catalog entry for its grants and hands each to the section that reads
 * its kind: a kind no section reads fails a test, so no type lands outside the security section.
 */
export interface FactSection {
  readonly id: string;
  /** The table's heading (`### <title>`). */
  readonly title: string;
  readonly kinds: readonly Grant["kind"][];
  /** The facts of one stack: every block whose grants are of `kinds` (see `blocksWith`), and any others. */
  facts(view: StackView): SecurityFact[];
  /** Whether the old grant `wide` allows everything the new grant `narrow` allows. @default never */
  covers?(wide: SecurityFact, narrow: SecurityFact): boolean;
  /** Whether a fact that changed (same identity) widens access. @default `after.broadensWhenAdded` */
  widens?(before: SecurityFact, after: SecurityFact): boolean;
  /** Show removed facts (`-` rows). @default true */
  readonly showsRemoved?: boolean;
  /** Show the expressions a may-broaden row depends on in a column of their own (a section whose rows are those expressions says no). @default true */
  readonly showsUnknown?: boolean;
}

export type FactInput = Omit<SecurityFact, "stack" | "path" | "unknown" | "address" | "type" | "section"> & {
  /** Values whose unknown expressions the fact depends on. */
  readonly unknownFrom?: unknown;
};

/** A fact of a block, with its place and what it cannot tell. */
export function fact(section: string, view: StackView, block: ModelBlock, input: FactInput): SecurityFact {
  const { unknownFrom, ...rest } = input;
  return {
    ...rest,
    section,
    stack: view.name,
    address: view.canonical(block.address),
    type: block.typeKey,
    path: view.pathOf(block.address),
    unknown: view.unknownIn(unknownFrom).map((u) => view.unknownShown(u)),
  };
}

/** The blocks of a stack whose catalog entry grants one of `kinds`, each with those grants. */
export function blocksWith(view: StackView, kinds: readonly Grant["kind"][]): { block: ModelBlock; grants: Grant[] }[] {
  const out: { block: ModelBlock; grants: Grant[] }[] = [];
  for (const block of view.blocks) {
    const grants = (catalogEntry(block.typeKey)?.grants ?? []).filter((g) => kinds.includes(g.kind));
    if (grants.length > 0) out.push({ block, grants });
  }
  return out;
}

/** The content of a fact, without its address: equal content is the same access, wherever it is declared. */
export function factContent(f: SecurityFact): string {
  return JSON.stringify([f.section, f.fields, f.content ?? null]);
}

/** A block's arguments (the grant's `attributes`, or all of them) as display fields and hidden content. */
export function argumentsOf(view: StackView, block: ModelBlock, attributes: readonly string[]): { fields: [string, string][]; content: string; values: unknown[] } {
  const config = view.canonicalValue(block.config) as Record<string, unknown>;
  const keys = attributes.includes("*") ? Object.keys(config).sort() : [...new Set(attributes.map((a) => a.split(".")[0]))].filter((k) => k in config).sort();
  const values = keys.map((k) => config[k]);
  const shown = keys.map((k, i) => `${k} = ${view.text(values[i])}`).join("; ");
  return { fields: [["Arguments", shown === "" ? "(none)" : shown]], content: JSON.stringify(keys.map((k, i) => [k, values[i]])), values };
}
