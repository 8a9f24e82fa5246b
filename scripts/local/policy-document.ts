import type { Block } from "./stack";

/** An IAM policy as AWS stores it. */
export interface PolicyJson {
  readonly Version: string;
  readonly Statement: readonly Record<string, unknown>[];
}

/** What rendering needs from the references (References provides it; no import, so no cycle). */
export interface PolicyResolver {
  resolve(value: string, where: string): string;
  resolveValue(value: string, where: string): unknown;
  blocks(block: Block, key: string, where: string): { block: Block; refs: PolicyResolver }[];
}

/**
 * `data.aws_iam_policy_document` rendered as the provider renders its `json`, references resolved,
 * `dynamic` blocks expanded, and other documents merged by `sid` as the provider merges them:
 * `source_policy_documents` first, then this document's statements (replacing a source statement
 * of the same sid), then `override_policy_documents` (replacing by sid, else appended).
 */
export function renderPolicyDocument(block: Block, refs: PolicyResolver, where: string): PolicyJson {
  for (const key of ["source_json", "override_json"]) {
    if (block[key] !== undefined) throw new Error(`${where}: ${key} (deprecated) is not evaluated locally; use source_policy_documents`);
  }
  const documents = (key: string): Record<string, unknown>[][] => {
    const value = block[key];
    if (value === undefined) return [];
    const list = typeof value === "string" ? refs.resolveValue(value, `${where} ${key}`) : value;
    if (!Array.isArray(list)) throw new Error(`${where}: ${key} is not a list`);
    return list.map((doc, i) => {
      const text = typeof doc === "string" ? refs.resolve(doc, `${where} ${key}[${i}]`) : JSON.stringify(doc);
      const parsed = JSON.parse(text) as { Statement?: unknown };
      const statements = Array.isArray(parsed.Statement) ? parsed.Statement : parsed.Statement ? [parsed.Statement] : [];
      return statements as Record<string, unknown>[];
    });
  };
  const merged: Record<string, unknown>[] = [];
  const sidIndex = (sid: unknown) => (typeof sid === "string" && sid !== "" ? merged.findIndex((s) => s.Sid === sid) : -1);
  for (const statements of documents("source_policy_documents")) {
    for (const statement of statements) {
      if (sidIndex(statement.Sid) >= 0) throw new Error(`${where}: duplicate sid ${String(statement.Sid)} in source_policy_documents`);
      merged.push(statement);
    }
  }
  const replaceOrAdd = (statement: Record<string, unknown>) => {
    const at = sidIndex(statement.Sid);
    if (at >= 0) merged[at] = statement;
    else merged.push(statement);
  };
  refs.blocks(block, "statement", where).forEach(({ block: s, refs: scoped }, i) => replaceOrAdd(renderStatement(s, scoped, `${where} statement ${typeof s.sid === "string" ? s.sid : i}`)));
  for (const statements of documents("override_policy_documents")) statements.forEach(replaceOrAdd);
  return { Version: typeof block.version === "string" ? block.version : "2012-10-17", Statement: merged };
}

function renderStatement(s: Block, refs: PolicyResolver, at: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const sid = typeof s.sid === "string" ? refs.resolve(s.sid, at) : undefined;
  if (sid) out.Sid = sid;
  out.Effect = s.effect === undefined ? "Allow" : refs.resolve(String(s.effect), at);
  const list = (key: string): string[] | undefined => {
    const value = s[key];
    if (value === undefined) return undefined;
    const items = typeof value === "string" ? refs.resolveValue(value, at) : value;
    if (!Array.isArray(items)) throw new Error(`${at}: ${key} is not a list`);
    return items.flatMap((v) => {
      const resolved = typeof v === "string" ? refs.resolveValue(v, at) : v;
      return Array.isArray(resolved) ? resolved.map(String) : [String(resolved)];
    });
  };
  const put = (from: string, to: string) => {
    const values = list(from);
    if (values !== undefined) out[to] = values;
  };
  put("actions", "Action");
  put("not_actions", "NotAction");
  put("resources", "Resource");
  put("not_resources", "NotResource");
  const principals = (key: string, to: string) => {
    const blocks = refs.blocks(s, key, at);
    if (blocks.length === 0) return;
    const byType: Record<string, string[]> = {};
    for (const { block: p, refs: scoped } of blocks) {
      const type = scoped.resolve(String(p.type), at);
      const raw = typeof p.identifiers === "string" ? scoped.resolveValue(p.identifiers, at) : (p.identifiers ?? []);
      const values = (Array.isArray(raw) ? raw : [raw]).map((v) => (typeof v === "string" ? scoped.resolve(v, at) : String(v)));
      byType[type] = [...(byType[type] ?? []), ...values];
    }
    out[to] = byType;
  };
  principals("principals", "Principal");
  principals("not_principals", "NotPrincipal");
  const conditions = refs.blocks(s, "condition", at);
  if (conditions.length > 0) {
    const condition: Record<string, Record<string, string[]>> = {};
    for (const { block: c, refs: scoped } of conditions) {
      const test = scoped.resolve(String(c.test), at);
      const variable = scoped.resolve(String(c.variable), at);
      const raw = typeof c.values === "string" ? scoped.resolveValue(c.values, at) : c.values;
      const values = (Array.isArray(raw) ? raw : []).map((v) => (typeof v === "string" ? scoped.resolve(v, at) : String(v)));
      condition[test] = { ...condition[test], [variable]: [...(condition[test]?.[variable] ?? []), ...values] };
    }
    out.Condition = condition;
  }
  return out;
}
