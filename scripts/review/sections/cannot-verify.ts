import { catalogEntry } from "../../../modules/core/catalog";
import { securityAttributes, securityLikeArguments } from "../../../modules/core/catalog/security";
import { isUnder, type ModelBlock } from "../../../modules/core/terraform";
import { fact, type FactSection, type SecurityFact } from "../facts";
import type { StackView } from "../stack-view";

const ID = "cannot-verify";

function place(view: StackView, block: ModelBlock, what: string, why: string, identity: string, content: unknown): SecurityFact {
  return {
    ...fact(ID, view, block, {
      identity,
      fields: [
        ["What", what],
        ["Why", why],
      ],
      content: JSON.stringify(view.canonicalValue(content)),
      broadensWhenAdded: true,
    }),
    unknown: [view.unknownShown(what)],
  };
}

/**
 * Default deny: what the model cannot read, or the catalog does not know. Each place new or changed
 * in head "may broaden" (the gate needs an acknowledgement): a module call, a block of a type the
 * catalog does not describe, a type that runs something (`data.external`) or that synth cannot
 * verify (`terraform_data`, `data.http`), a provisioner, and every value the model cannot read
 * under an argument that grants or exposes something (a variable, whose default the row shows;
 * another stack's output; a data source that reads the cloud; a function; a `dynamic` block over a
 * list only Terraform knows). A variable's default that changes changes the row.
 */
export const cannotVerifySection: FactSection = {
  id: ID,
  title: "Cannot verify",
  kinds: [],
  showsRemoved: false,
  showsUnknown: false,
  facts(view) {
    const facts: SecurityFact[] = [];
    for (const block of view.blocks) {
      const at = view.canonical(block.address);
      if (block.mode === "module") {
        const source = typeof block.raw.source === "string" ? ` (${block.raw.source})` : "";
        facts.push(place(view, block, `module "${block.name}"${source}`, "a module creates resources and policies this stack does not describe", at, block.raw));
        continue;
      }
      const entry = catalogEntry(block.typeKey);
      if (!entry) {
        const risky = securityLikeArguments(block.config);
        const why = `the catalog does not describe ${block.typeKey}${risky.length > 0 ? `, and its ${risky.join(", ")} can grant or expose access` : ""} (modules/core/catalog, docs/catalog.md)`;
        facts.push(place(view, block, block.typeKey, why, at, block.config));
        continue;
      }
      if (entry.executes) facts.push(place(view, block, block.typeKey, `it ${entry.executes}`, `${at}#executes`, block.config));
      if (entry.unverifiable) facts.push(place(view, block, block.typeKey, entry.unverifiable, `${at}#unverifiable`, block.config));
      const attributes = securityAttributes(block.typeKey);
      for (const u of view.model.unreadable(block.address)) {
        if (!u.path.startsWith("provisioner[") && !isUnder(u.path, attributes)) continue;
        facts.push(place(view, block, u.what, `${u.path === "" ? "" : `${u.path}: `}${u.why}`, `${at}#${u.path}#${u.what}`, u.why));
      }
    }
    return facts;
  },
};
