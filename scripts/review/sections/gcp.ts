import { gcpGrantsOf, list, type GcpGrant } from "../../../modules/core/terraform";
import { blocksWith, fact, type FactSection, type SecurityFact } from "../facts";
import type { StackView } from "../stack-view";

const ID = "gcp-grants";

/** The compared part of a GCP grant: what it is on, the role, the member and its condition (values by key: references by address). */
export function gcpGrantKey(view: StackView, g: GcpGrant): { grant: { on: string; role: string; member: string; condition: string }; shownOn: string } {
  const type = g.target.replace(/^google_/, "");
  const args = Object.keys(g.on).sort();
  return {
    grant: { on: `${type} ${args.map((k) => `${k}=${view.key(g.on[k])}`).join(", ")}`, role: view.key(g.role), member: view.key(g.member), condition: g.condition ?? "" },
    shownOn: `${type} ${args.map((k) => `${k}=${view.target(g.on[k])}`).join(", ")}`,
  };
}

/**
 * GCP grants (`gcp-iam`, read by `gcpGrantsOf`): one per (target, role, member, condition), at every
 * level and in every form (members, bindings, policies, BigQuery access). A grant base did not
 * have widens: a member added, a role changed, a grant on another target, a condition removed or
 * changed (an unconditional base grant covers a conditional one). Custom roles
 * (`gcp-custom-role`): one grant per permission; a permission added widens.
 */
export const gcpSection: FactSection = {
  id: ID,
  title: "GCP IAM grants",
  kinds: ["gcp-iam", "gcp-custom-role"],
  facts(view) {
    const facts: SecurityFact[] = [];
    for (const { block, grants } of blocksWith(view, ["gcp-iam", "gcp-custom-role"])) {
      if (grants.some((g) => g.kind === "gcp-iam")) {
        for (const g of gcpGrantsOf(view.model, block.address).grants) {
          const { grant, shownOn } = gcpGrantKey(view, g);
          facts.push(
            fact(ID, view, block, {
              identity: JSON.stringify(grant),
              fields: [
                ["On", shownOn],
                ["Role", view.text(g.role)],
                ["Member", view.text(g.member)],
                ["Condition", view.text(g.condition ?? "")],
              ],
              broadensWhenAdded: true,
              grant,
              unknownFrom: [g.role, g.member, Object.values(g.on), g.condition],
            }),
          );
        }
      }
      if (grants.some((g) => g.kind === "gcp-custom-role")) {
        const c = block.config;
        const role = c.role_id ?? c.name;
        const scope = c.project ?? c.org_id;
        for (const permission of list(c.permissions)) {
          const grant = { customRole: `${view.key(scope ?? "")}/${view.key(role)}`, permission: view.key(permission) };
          facts.push(
            fact(ID, view, block, {
              identity: JSON.stringify(grant),
              fields: [
                ["On", `custom role ${view.text(role)}${scope !== undefined ? ` in ${view.text(scope)}` : ""}`],
                ["Role", "(its permissions)"],
                ["Member", `permission ${view.text(permission)}`],
                ["Condition", ""],
              ],
              broadensWhenAdded: true,
              grant,
              unknownFrom: [role, scope, permission],
            }),
          );
        }
      }
    }
    return facts;
  },
  covers(wide, narrow) {
    const w = wide.grant as Record<string, string>;
    const n = narrow.grant as Record<string, string>;
    if (w.customRole !== undefined || n.customRole !== undefined) return w.customRole === n.customRole && w.permission === n.permission;
    return w.on === n.on && w.role === n.role && w.member === n.member && (w.condition === "" || w.condition === n.condition);
  },
};
