import { securityAttributes } from "../../../modules/core/catalog/security";
import { blocks as blockList, isUnder, list, type Config } from "../../../modules/core/terraform";
import { fact, type FactSection, type SecurityFact } from "../facts";

const ID = "state";

/** `aws_iam_role_policy.p` -> `aws_iam_role_policy`; `module.m...` -> `module`. */
export function addressType(address: string): string {
  const parts = address.replace(/\[[^\]]*\]/g, "").split(".");
  if (parts[0] === "module") return "module";
  return parts[0] === "data" ? `data.${parts[1]}` : parts[0];
}

/** The identity of a `moved` fact, so the review can tell a declared rename (same type, from a block of base) apart. */
export function movedIdentity(from: string, to: string): string {
  return `moved ${from} -> ${to}`;
}

/**
 * What changes Terraform's state, or its view of drift, rather than a resource's arguments: `moved`,
 * `removed` and `import` blocks act on resources as they are in the state and the cloud (whatever
 * they hold, which the configuration does not say), and `lifecycle.ignore_changes` on an argument
 * that grants or exposes (the catalog's grants) or `all` leaves drift there unreverted forever. Each
 * new or changed one widens or may widen. A `moved` block that renames a resource of base to another
 * address of the same type is a declared move (shown under *Declared moves*), not a row here.
 */
export const stateSection: FactSection = {
  id: ID,
  title: "State and drift",
  kinds: [],
  facts(view) {
    const facts: SecurityFact[] = [];
    const config = view.stack.config as Config;
    const unknownState = (address: unknown) => [`what the state and the cloud hold at ${view.text(address)}`];
    const top = (kind: string, identity: string, what: string, detail: string, value: Config, unknown: string[]) =>
      facts.push({
        section: ID,
        stack: view.name,
        address: kind,
        identity,
        type: kind,
        path: kind,
        fields: [
          ["Operation", what],
          ["Detail", detail],
        ],
        content: JSON.stringify(view.canonicalValue(value)),
        broadensWhenAdded: true,
        unknown,
      });
    for (const m of blockList(config.moved)) {
      const sameType = typeof m.from === "string" && typeof m.to === "string" && addressType(m.from) === addressType(m.to) && addressType(m.from) !== "module";
      top("moved", movedIdentity(String(m.from), String(m.to)), `moved ${view.text(m.from)} -> ${view.text(m.to)}`, sameType ? "Terraform gives the state of the old address (whatever it holds) to the new one" : "between types or modules: the state of one thing becomes another's", m, unknownState(m.from));
    }
    for (const r of blockList(config.removed)) {
      const lifecycle = blockList(r.lifecycle)[0];
      const destroy = lifecycle?.destroy === false ? "destroy = false: it stays in the cloud, no longer managed or reviewed" : "destroyed";
      top("removed", `removed ${view.text(r.from)}`, `removed ${view.text(r.from)}`, `Terraform forgets it (${destroy})${r.provisioner ? "; runs a provisioner" : ""}`, r, unknownState(r.from));
    }
    for (const i of blockList(config.import)) {
      top("import", `import ${view.text(i.to)}`, `import ${view.text(i.id ?? i.identity)} as ${view.text(i.to)}`, "Terraform takes over an existing resource, as it is in the cloud, under this address", i, unknownState(i.id ?? i.identity));
    }
    for (const block of view.blocks) {
      const setting = blockList(block.raw.lifecycle)[0]?.ignore_changes;
      const ignored = setting === "all" ? ["all"] : list(setting);
      const all = ignored.includes("all");
      const attributes = securityAttributes(block.typeKey);
      if (attributes.length === 0) continue;
      const hit = all ? ["all"] : ignored.filter((v): v is string => typeof v === "string" && v !== "" && isUnder(v, attributes));
      if (hit.length === 0) continue;
      facts.push(
        fact(ID, view, block, {
          identity: `${view.canonical(block.address)}#ignore_changes`,
          fields: [
            ["Operation", `lifecycle.ignore_changes = ${hit.join(", ")}`],
            ["Detail", `drift of ${all ? "every argument, grants included," : hit.join(", ")} on <${view.describe(block.address)}> is never reverted`],
          ],
          content: JSON.stringify([...hit].sort()),
          broadensWhenAdded: true,
        }),
      );
    }
    return facts;
  },
};
