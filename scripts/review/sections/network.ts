import { cidrContains } from "../../../modules/core/cidr";
import { networkRulesOf } from "../../../modules/core/terraform";
import { argumentsOf, blocksWith, fact, type FactSection, type SecurityFact } from "../facts";

const ID = "network-rules";

/** The compared part of a rule: everything but its description. */
interface RuleGrant {
  readonly on: string;
  readonly direction: string;
  readonly action: string;
  readonly targets: readonly string[];
  readonly protocol: string;
  readonly from: number;
  readonly to: number;
  readonly peer: string;
}

/**
 * Network rules in every form the model reads (`networkRulesOf`: security groups inline and as
 * rule resources, network ACLs, GCP VPC firewalls), one grant per (what it is on, direction,
 * protocol, port range, peer, targets). A new allow rule widens unless an old one of the same group,
 * ACL or network and direction covers it (protocol `all` or the same, a containing port range, the
 * same peer or a CIDR containing it, `0.0.0.0/0` covering a GCP source tag or service account,
 * targets every instance or the same ones), so moving a rule
 * between forms or narrowing a CIDR is no broadening. Deny rules are protections: one removed or
 * narrowed while its block stays widens. Types of these kinds the model does not read rule by rule
 * (firewall policy rules) are read as a whole.
 */
export const networkSection: FactSection = {
  id: ID,
  title: "Network rules",
  kinds: ["network-ingress", "network-egress"],
  facts(view) {
    const facts: SecurityFact[] = [];
    for (const { block, grants } of blocksWith(view, ["network-ingress", "network-egress"])) {
      const { rules } = networkRulesOf(view.model, block.address);
      if (!rules) {
        const args = argumentsOf(view, block, grants.flatMap((g) => g.attributes));
        facts.push(
          fact(ID, view, block, {
            identity: view.canonical(block.address),
            fields: args.fields,
            content: args.content,
            broadensWhenAdded: true,
            uncompared: `the review does not read the rules of ${block.typeKey} one by one`,
            unknownFrom: args.values,
          }),
        );
        continue;
      }
      for (const r of rules) {
        const grant: RuleGrant = {
          on: view.key(r.on),
          direction: r.direction,
          action: r.action,
          targets: r.targets.map((t) => view.key(t)),
          protocol: r.protocol,
          from: r.from,
          to: r.to,
          peer: view.key(r.peer),
        };
        const ports = r.protocol === "all" || (r.from === 0 && r.to === 65535) ? "all" : r.from === r.to ? String(r.from) : `${r.from}-${r.to}`;
        facts.push(
          fact(ID, view, block, {
            identity: JSON.stringify(grant),
            fields: [
              ["On", view.target(r.on)],
              ["Direction", r.action === "deny" ? `${r.direction} (deny)` : r.direction],
              ["Protocol", r.protocol],
              ["Ports", ports],
              [r.direction === "ingress" ? "Peer (source)" : "Peer (destination)", view.target(r.peer)],
              ...(r.targets.length > 0 ? [["Targets", r.targets.map((t) => view.text(t)).join(", ")] as [string, string]] : []),
              ["Description", view.text(r.description)],
            ],
            broadensWhenAdded: r.action === "allow",
            ...(r.action === "deny" ? { protective: true, guards: view.canonical(block.address) } : {}),
            grant: grant as unknown as Record<string, unknown>,
            unknownFrom: [r.on, r.protocol, r.from, r.to, r.peer, r.targets],
          }),
        );
      }
    }
    return facts;
  },
  covers(wide, narrow) {
    const w = wide.grant as unknown as RuleGrant;
    const n = narrow.grant as unknown as RuleGrant;
    return (
      w.on === n.on &&
      w.direction === n.direction &&
      w.action === n.action &&
      (w.targets.length === 0 || JSON.stringify(w.targets) === JSON.stringify(n.targets)) &&
      (w.protocol === "all" || w.protocol === n.protocol) &&
      w.from <= n.from &&
      n.to <= w.to &&
      (w.peer === n.peer || cidrContains(w.peer, n.peer) || (w.peer === "0.0.0.0/0" && /^(tag|serviceAccount):/.test(n.peer)))
    );
  },
};
