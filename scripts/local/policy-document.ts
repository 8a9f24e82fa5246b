import type { References } from "./references";
import { nestedList, type Block } from "./stack";

/** An IAM policy as AWS stores it. */
export interface PolicyJson {
  readonly Version: string;
  readonly Statement: readonly Record<string, unknown>[];
}

/**
 * `data.aws_iam_policy_document` rendered as the provider renders its `json`, references resolved.
 * Merging other documents in (source/override) is not reproduced: refused, since a statement left
 * out could be a Deny.
 */
export function renderPolicyDocument(block: Block, refs: References, where: string): PolicyJson {
  for (const key of ["source_policy_documents", "override_policy_documents", "source_json", "override_json"]) {
    if (block[key] !== undefined) throw new Error(`${where}: ${key} is not evaluated locally; write the statements in the document itself`);
  }
  const statements = nestedList(block, "statement").map((s, i) => {
    const at = `${where} statement ${typeof s.sid === "string" ? s.sid : i}`;
    const out: Record<string, unknown> = {};
    if (typeof s.sid === "string" && s.sid !== "") out.Sid = s.sid;
    out.Effect = s.effect === undefined ? "Allow" : refs.resolve(String(s.effect), at);
    const list = (key: string) => (Array.isArray(s[key]) ? (s[key] as unknown[]).map((v) => refs.resolve(String(v), at)) : undefined);
    const put = (from: string, to: string) => {
      const values = list(from);
      if (values !== undefined) out[to] = values;
    };
    put("actions", "Action");
    put("not_actions", "NotAction");
    put("resources", "Resource");
    put("not_resources", "NotResource");
    const principals = (key: string, to: string) => {
      const blocks = nestedList(s, key);
      if (blocks.length === 0) return;
      const byType: Record<string, string[]> = {};
      for (const p of blocks) {
        const type = String(p.type);
        byType[type] = [...(byType[type] ?? []), ...((p.identifiers as unknown[]) ?? []).map((v) => refs.resolve(String(v), at))];
      }
      out[to] = byType;
    };
    principals("principals", "Principal");
    principals("not_principals", "NotPrincipal");
    const conditions = nestedList(s, "condition");
    if (conditions.length > 0) {
      const condition: Record<string, Record<string, string[]>> = {};
      for (const c of conditions) {
        const test = String(c.test);
        const variable = String(c.variable);
        condition[test] = { ...condition[test], [variable]: ((c.values as unknown[]) ?? []).map((v) => refs.resolve(String(v), at)) };
      }
      out.Condition = condition;
    }
    return out;
  });
  return { Version: typeof block.version === "string" ? block.version : "2012-10-17", Statement: statements };
}
