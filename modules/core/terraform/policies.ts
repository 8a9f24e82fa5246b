import { catalogEntry } from "../catalog";
import type { Grant } from "../catalog/entry";
import { blocks, list, type Config } from "./blocks";
import { classify } from "./classify";
import { duplicateJsonKey } from "./json-duplicates";
import { documentStatement, jsonPolicyStatements, type IamStatement, type StatementSource } from "./iam-statement";
import type { TerraformModel } from "./model";
import type { UnknownAt } from "./resolve";
import type { Unreadable } from "./unreadable";

/** What a policy is for. */
export type PolicyKind = "identity" | "trust" | "resource" | "document";

/** One policy of a block, read: its statements, wherever they come from, and what could not be read. */
export interface PolicyReading {
  /** The block that holds the policy (or the policy document itself). */
  readonly address: string;
  /** The argument: `policy`, `assume_role_policy`, `inline_policy[0].policy`; `json` for a document. */
  readonly attribute: string;
  readonly kind: PolicyKind;
  readonly statements: readonly IamStatement[];
  /** The `data.aws_iam_policy_document` it reads, when it reads one. */
  readonly document?: string;
  /** What stops the model from reading all of it: the policy is then "cannot verify", not its statements' sum. */
  readonly unreadable: readonly Unreadable[];
}

const KIND: Partial<Record<Grant["kind"], PolicyKind>> = { "identity-policy": "identity", "trust-policy": "trust", "resource-policy": "resource" };
const cache = new WeakMap<TerraformModel, Map<string, readonly PolicyReading[]>>();
const documents = new WeakMap<TerraformModel, Map<string, { statements: IamStatement[]; unreadable: Unreadable[] }>>();

/**
 * Every IAM policy a block holds, as the catalog says where (identity, trust, resource policies;
 * a policy document is one reading of kind `document`), each read through whatever form it takes:
 * literal JSON, a local, `jsonencode(...)` of known values, another resource's argument, or a
 * reference to an `aws_iam_policy_document` (its statements, merged as the provider merges them).
 * Read once per block and model.
 */
export function policiesOf(model: TerraformModel, address: string): readonly PolicyReading[] {
  let byAddress = cache.get(model);
  if (!byAddress) cache.set(model, (byAddress = new Map()));
  const cached = byAddress.get(address);
  if (cached) return cached;
  const readings = readPolicies(model, address);
  byAddress.set(address, readings);
  return readings;
}

/** Every policy of the stack. */
export function allPolicies(model: TerraformModel): PolicyReading[] {
  return model.blocks.flatMap((b) => policiesOf(model, b.address));
}

function readPolicies(model: TerraformModel, address: string): PolicyReading[] {
  const b = model.block(address);
  if (!b) return [];
  if (b.typeKey === "data.aws_iam_policy_document") {
    const doc = documentStatements(model, address);
    return [{ address, attribute: "json", kind: "document", statements: doc.statements, unreadable: doc.unreadable }];
  }
  const entry = catalogEntry(b.typeKey);
  const out: PolicyReading[] = [];
  for (const grant of entry?.grants ?? []) {
    const kind = KIND[grant.kind];
    const attribute = "policy" in grant ? grant.policy : undefined;
    if (!kind || !attribute) continue;
    for (const [path, value] of valuesAt(b.config, attribute)) {
      // `policy.Statement[0]`; in a nested block, the block: `inline_policy[0].Statement[0]`.
      const prefix = path.includes(".") ? `${path.slice(0, path.lastIndexOf("."))}.` : `${path}.`;
      out.push({ address, attribute: path, kind, ...readPolicy(model, value, { address, attribute: path }, prefix) });
    }
  }
  return out;
}

/** The values at a dotted argument path, through lists of nested blocks: `inline_policy.policy` -> each block's policy. */
function valuesAt(config: Config, path: string): [string, unknown][] {
  const [head, ...rest] = path.split(".");
  const value = config[head];
  if (value === undefined || value === null) return [];
  if (rest.length === 0) return [[head, value]];
  const nested = blocks(value);
  return nested.flatMap((n, i) => valuesAt(n, rest.join(".")).map(([p, v]): [string, unknown] => [`${head}${Array.isArray(value) ? `[${i}]` : ""}.${p}`, v]));
}

/**
 * One policy value (already resolved): a document reference, IAM JSON text, or something the
 * model cannot read.
 */
export function readPolicy(model: TerraformModel, value: unknown, source: StatementSource, prefix = `${source.attribute}.`): { statements: IamStatement[]; document?: string; unreadable: Unreadable[] } {
  const unreadable = (what: string, why: string): Unreadable => ({ address: source.address, path: source.attribute, what, why });
  if (value === undefined || value === null || value === "") return { statements: [], unreadable: [] };
  if (typeof value !== "string") return { statements: [], unreadable: [unreadable(JSON.stringify(value), "not IAM policy text")] };
  const text = value.trim();
  const document = documentReference(model, text);
  if (document) {
    const doc = documentStatements(model, document);
    return { statements: doc.statements, document, unreadable: doc.unreadable.map((u) => ({ ...u, why: `${u.why} (read by ${source.address}.${source.attribute})` })) };
  }
  if (text.startsWith("{")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      return { statements: [], unreadable: [unreadable(text, `not JSON synth can read (${(e as Error).message})`)] };
    }
    const duplicate = duplicateJsonKey(text);
    if (duplicate !== undefined) {
      return { statements: [], unreadable: [unreadable(text, `the key ${duplicate} is written twice in one object: JSON readers keep different ones (the pack the last, IAM may not); write each key once`)] };
    }
    return { statements: jsonPolicyStatements(parsed, prefix, source), unreadable: [] };
  }
  // Whatever else is left after resolution is an expression only Terraform evaluates.
  const why: UnknownAt[] = [];
  model.resolve(text, why);
  return { statements: [], unreadable: [unreadable(text, why.length > 0 ? why[0].why : "not IAM policy JSON")] };
}

/** The document a whole value references: `${data.aws_iam_policy_document.d.json}` (or `minified_json`). */
function documentReference(model: TerraformModel, text: string): string | undefined {
  if (!text.startsWith("${")) return undefined;
  const { parts } = model.parse(text);
  if (parts.length !== 1 || parts[0].kind !== "interpolation") return undefined;
  const kind = classify(parts[0].expression);
  if (kind.kind !== "reference" || kind.mode !== "data" || kind.type !== "aws_iam_policy_document") return undefined;
  if (kind.attribute.length !== 1 || (kind.attribute[0] !== "json" && kind.attribute[0] !== "minified_json")) return undefined;
  return model.block(kind.address) ? kind.address : undefined;
}

/**
 * The statements of an `aws_iam_policy_document` as the provider renders its `json`: the
 * `source_policy_documents` merged in order (a Sid twice among them is an error), then the
 * document's own `statement` blocks, then each `override_policy_documents` in order; at each merge
 * a statement with a Sid replaces, in place, the statement with that Sid so far, and any other is
 * appended (hashicorp/terraform-provider-aws, `IAMPolicyDoc.Merge`; the data source's documented
 * precedence, checked against aws 5.100.0 in __tests__/terraform/policy-document-merge.test.ts).
 */
export function documentStatements(model: TerraformModel, address: string, seen: ReadonlySet<string> = new Set()): { statements: IamStatement[]; unreadable: Unreadable[] } {
  let byAddress = documents.get(model);
  if (!byAddress) documents.set(model, (byAddress = new Map()));
  const cached = byAddress.get(address);
  if (cached) return cached;
  const b = model.block(address);
  if (!b || seen.has(address)) {
    return { statements: [], unreadable: [{ address, path: "", what: address, why: b ? "it merges itself" : "no such policy document in the stack" }] };
  }
  const inner = new Set([...seen, address]);
  const unreadable: Unreadable[] = [...model.unreadable(address)];
  let merged: IamStatement[] = [];
  const mergeIn = (statements: readonly IamStatement[]) => {
    for (const s of statements) {
      const at = s.sid === undefined ? -1 : merged.findIndex((m) => m.sid === s.sid);
      if (at === -1) merged.push(s);
      else merged = [...merged.slice(0, at), s, ...merged.slice(at + 1)];
    }
  };
  const included = (key: "source_policy_documents" | "override_policy_documents") =>
    list(b.config[key]).map((value, i) => {
      const source: StatementSource = { address, attribute: `${key}[${i}]` };
      const other = typeof value === "string" ? documentReference(model, value.trim()) : undefined;
      if (other) {
        const doc = documentStatements(model, other, inner);
        unreadable.push(...doc.unreadable);
        return doc.statements.map((s) => ({ ...s, label: `${key}[${i}] (${other}) ${s.label}` }));
      }
      const read = readPolicy(model, value, source);
      unreadable.push(...read.unreadable);
      return read.statements;
    });

  const sids = new Set<string>();
  for (const [i, statements] of included("source_policy_documents").entries()) {
    for (const s of statements) {
      if (s.sid === undefined) continue;
      if (sids.has(s.sid)) unreadable.push({ address, path: `source_policy_documents[${i}]`, what: `Sid ${JSON.stringify(s.sid)}`, why: "the same Sid in two source documents: the provider refuses the document" });
      sids.add(s.sid);
    }
    mergeIn(statements);
  }
  const own = blocks(b.config.statement).map((s, i) => documentStatement(s, `statement[${i}]`, { address, attribute: `statement[${i}]`, document: address }));
  const ownSids = own.map((s) => s.sid).filter((s): s is string => s !== undefined);
  if (new Set(ownSids).size !== ownSids.length) unreadable.push({ address, path: "statement", what: "statement sids", why: "the same sid on two statements: the provider refuses the document" });
  mergeIn(own);
  for (const statements of included("override_policy_documents")) mergeIn(statements);
  const result = { statements: merged.map((s) => (s.source.document ? s : { ...s, source: { ...s.source, document: address } })), unreadable };
  if (seen.size === 0) byAddress.set(address, result);
  return result;
}
