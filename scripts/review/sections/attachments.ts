import { dig, list } from "../../../modules/core/terraform";
import { policyAttachmentsOf } from "../attachments";
import { blocksWith, fact, type FactSection, type SecurityFact } from "../facts";

const ID = "policy-attachments";

/**
 * Managed policies attached by ARN, in every form the catalog describes (`policy-attachment` grants
 * with a `policy` argument): one grant per (principal, policy), so the same attachment declared
 * another way is no change, and a policy attached to another role is a new grant there.
 * Memberships (`policy-attachment` grants without a policy argument: a user in a group, a role in
 * an instance profile): one grant per combination of the values they name. Permissions boundaries
 * are protections: losing one, or changing it, widens.
 */
export const attachmentsSection: FactSection = {
  id: ID,
  title: "IAM policy attachments",
  kinds: ["policy-attachment", "permissions-boundary", "runs-as"],
  facts(view) {
    const facts: SecurityFact[] = [];
    for (const a of policyAttachmentsOf(view)) {
      const grant = { to: a.to, policy: a.policy };
      facts.push(
        fact(ID, view, a.block, {
          identity: JSON.stringify(grant),
          fields: [
            ["Attached to", a.toShown],
            ["Policy", a.policyShown],
          ],
          broadensWhenAdded: true,
          grant,
          unknownFrom: [a.toValue, a.policyArn],
          ...(a.policyAddress ? { policyAddress: a.policyAddress } : {}),
        }),
      );
    }
    for (const { block, grants } of blocksWith(view, ["policy-attachment", "permissions-boundary", "runs-as"])) {
      for (const g of grants) {
        if (g.kind === "runs-as") {
          // Already a membership row of the block (a role in an instance profile): one row, not two.
          if (grants.some((m) => m.kind === "policy-attachment" && m.policy === undefined && m.attributes.includes(g.role))) continue;
          // The role (or service account) the resource acts as, with what it does as that role (a universal target's API call and input).
          const role = dig(block.config, g.role);
          // Unset, the resource acts as no role of its own (an SNS subscription without a Firehose role).
          if (role === undefined || role === null || role === "") continue;
          const others = g.attributes.filter((a) => a !== g.role).sort();
          const values = others.map((a) => dig(block.config, a));
          const calls = others.flatMap((a, i) => (values[i] === undefined ? [] : [`${a} = ${view.text(values[i])}`])).join("; ");
          const grant = { runsAs: view.canonical(block.address), role: view.key(role), with: others.map((a, i) => [a, values[i] === undefined ? null : view.key(values[i])]) };
          facts.push(
            fact(ID, view, block, {
              identity: JSON.stringify({ runsAs: view.canonical(block.address), attribute: g.role }),
              fields: [
                ["Attached to", `<${view.describe(block.address)}> runs as (${g.role})`],
                ["Policy", `${view.target(role)}${calls ? `; ${calls}` : ""}`],
              ],
              broadensWhenAdded: true,
              grant,
              unknownFrom: [role, ...values],
            }),
          );
        } else if (g.kind === "policy-attachment" && g.policy === undefined) {
          // A membership: every combination of the values of its arguments.
          const keys = [...g.attributes].sort();
          let combos: [string, unknown][][] = [[]];
          for (const k of keys) combos = combos.flatMap((c) => list(block.config[k]).map((v): [string, unknown][] => [...c, [k, v]]));
          for (const combo of combos) {
            const grant = { membership: combo.map(([k, v]) => [k, view.key(v)]) };
            facts.push(
              fact(ID, view, block, {
                identity: JSON.stringify(grant),
                fields: [
                  ["Attached to", combo.map(([k, v]) => `${k} ${view.target(v)}`).join(", ")],
                  ["Policy", "(membership)"],
                ],
                broadensWhenAdded: true,
                grant,
                unknownFrom: combo.map(([, v]) => v),
              }),
            );
          }
        } else if (g.kind === "permissions-boundary") {
          for (const attribute of g.attributes) {
            const boundary = block.config[attribute];
            if (boundary === undefined || boundary === null || boundary === "") continue;
            facts.push(
              fact(ID, view, block, {
                identity: `${view.canonical(block.address)}#${attribute}`,
                fields: [
                  ["Attached to", `<${view.describe(block.address)}> (${attribute.replace(/_/g, " ")})`],
                  ["Policy", view.target(boundary)],
                ],
                content: view.key(boundary),
                broadensWhenAdded: false,
                protective: true,
                guards: view.canonical(block.address),
                unknownFrom: boundary,
              }),
            );
          }
        }
      }
    }
    return facts;
  },
  covers(wide, narrow) {
    return JSON.stringify(wide.grant) === JSON.stringify(narrow.grant);
  },
  // A changed permissions boundary: its statements are elsewhere, so any change may widen.
  widens: () => true,
};
