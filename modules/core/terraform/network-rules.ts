import { blocks, list, type Config } from "./blocks";
import type { TerraformModel } from "./model";

/**
 * One network rule as the cloud applies it: traffic in one direction, one protocol and port range,
 * from (ingress) or to (egress) one peer, allowed or denied. Values are text as Terraform JSON writes
 * them (a reference to a group of the stack stays `${aws_security_group.g.id}`).
 */
export interface NetworkRule {
  readonly direction: "ingress" | "egress";
  readonly action: "allow" | "deny";
  /** What the rule belongs to: the security group, network ACL or VPC network (its argument's value, or the block itself). */
  readonly on: string;
  /** GCP firewalls: the instances it applies to (`tag:web`, `serviceAccount:x`); empty for every instance. */
  readonly targets: readonly string[];
  /** `all`, `tcp`, `udp`, `icmp`, `icmpv6`, ... (AWS protocol numbers named). */
  readonly protocol: string;
  /** Port range, `0`-`65535` for every port; `NaN` where the JSON holds something else (an expression). */
  readonly from: number;
  readonly to: number;
  /** A CIDR, a prefix list, a security group, `self`, `tag:<tag>`, `serviceAccount:<email>`. */
  readonly peer: string;
  readonly description?: string;
  /** The block and argument that make it (`ingress[0]`, `allow[1]`, or `""` for the whole block). */
  readonly source: { readonly address: string; readonly attribute: string };
}

const PROTOCOLS: Readonly<Record<string, string>> = { "-1": "all", all: "all", "6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6" };

/** `-1` and `all` are every protocol; numbers AWS names are named; the rest lower case, as written. */
export function protocolName(value: unknown): string {
  const text = String(value ?? "").trim().toLowerCase();
  return PROTOCOLS[text] ?? (text === "" ? "all" : text);
}

/**
 * The network rules of a block, for the types whose rules the model reads: security groups (inline
 * `ingress`/`egress`, `aws_security_group_rule`, `aws_vpc_security_group_ingress_rule` and
 * `_egress_rule`, the default security group), network ACLs (inline and `aws_network_acl_rule`) and
 * GCP VPC firewalls (`google_compute_firewall`: `allow` and `deny` blocks, every source or
 * destination range, tag and service account; no source at all is every source, as Google applies
 * it). `rules` is undefined for a type it does not read (a tool then judges the block as a whole).
 * A GCP firewall with `disabled = true` has no rules.
 */
export function networkRulesOf(model: TerraformModel, address: string): { readonly rules?: readonly NetworkRule[] } {
  const b = model.block(address);
  if (!b) return {};
  const c = b.config;
  const self = `\${${address}.id}`;
  switch (b.typeKey) {
    case "aws_security_group":
    case "aws_default_security_group":
      return {
        rules: (["ingress", "egress"] as const).flatMap((direction) =>
          blocks(c[direction]).flatMap((r, i) =>
            awsRules(address, `${direction}[${i}]`, direction, "allow", self, r.protocol, r.from_port, r.to_port, [r.cidr_blocks, r.ipv6_cidr_blocks, r.prefix_list_ids, r.security_groups], r.self, r.description),
          ),
        ),
      };
    case "aws_security_group_rule": {
      const direction = c.type === "egress" ? "egress" : "ingress";
      return { rules: awsRules(address, "", direction, "allow", text(c.security_group_id), c.protocol, c.from_port, c.to_port, [c.cidr_blocks, c.ipv6_cidr_blocks, c.prefix_list_ids, c.source_security_group_id], c.self, c.description) };
    }
    case "aws_vpc_security_group_ingress_rule":
    case "aws_vpc_security_group_egress_rule": {
      const direction = b.typeKey.endsWith("_ingress_rule") ? "ingress" : "egress";
      return { rules: awsRules(address, "", direction, "allow", text(c.security_group_id), c.ip_protocol, c.from_port, c.to_port, [c.cidr_ipv4, c.cidr_ipv6, c.prefix_list_id, c.referenced_security_group_id], false, c.description) };
    }
    case "aws_network_acl":
      return {
        rules: (["ingress", "egress"] as const).flatMap((direction) =>
          blocks(c[direction]).flatMap((r, i) => awsRules(address, `${direction}[${i}]`, direction, action(r.action), self, r.protocol, r.from_port, r.to_port, [r.cidr_block, r.ipv6_cidr_block], false, undefined)),
        ),
      };
    case "aws_network_acl_rule": {
      const direction = c.egress === true || c.egress === "true" ? "egress" : "ingress";
      return { rules: awsRules(address, "", direction, action(c.rule_action), text(c.network_acl_id), c.protocol, c.from_port, c.to_port, [c.cidr_block, c.ipv6_cidr_block], false, undefined) };
    }
    case "google_compute_firewall":
      return { rules: firewallRules(address, c) };
    default:
      return {};
  }
}

function text(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value ?? null);
}

function action(value: unknown): "allow" | "deny" {
  return typeof value === "string" && value.toLowerCase() === "deny" ? "deny" : "allow";
}

function port(value: unknown): number {
  if (typeof value === "number") return value;
  return typeof value === "string" && /^-?\d+$/.test(value.trim()) ? Number(value) : NaN;
}

/** One rule per peer; a rule of every protocol, or without ports, covers every port. */
function awsRules(
  address: string,
  attribute: string,
  direction: "ingress" | "egress",
  act: "allow" | "deny",
  on: string,
  protocolValue: unknown,
  fromValue: unknown,
  toValue: unknown,
  peerValues: readonly unknown[],
  self: unknown,
  description: unknown,
): NetworkRule[] {
  const protocol = protocolName(protocolValue);
  const from = port(fromValue);
  const to = port(toValue);
  const allPorts = protocol === "all" || (fromValue === undefined && toValue === undefined) || (from <= 0 && to >= 65535) || (from === -1 && to === -1);
  const peers = [...peerValues.flatMap((p) => list(p)).filter((p) => p !== "" && p !== null).map(text), ...(self === true || self === "true" ? ["self"] : [])];
  return (peers.length > 0 ? peers : ["(none)"]).map((peer) => ({
    direction,
    action: act,
    on,
    targets: [],
    protocol,
    from: allPorts ? 0 : from,
    to: allPorts ? 65535 : to,
    peer,
    ...(typeof description === "string" && description !== "" ? { description } : {}),
    source: { address, attribute },
  }));
}

/** `"22"`, `"8000-8080"`: a port or a range; anything else NaN. */
function portRange(value: unknown): [number, number] {
  const t = String(value).trim();
  const m = /^(\d+)(?:-(\d+))?$/.exec(t);
  return m ? [Number(m[1]), Number(m[2] ?? m[1])] : [NaN, NaN];
}

function firewallRules(address: string, c: Config): NetworkRule[] {
  if (c.disabled === true || c.disabled === "true") return [];
  const direction = typeof c.direction === "string" && c.direction.toUpperCase() === "EGRESS" ? "egress" : "ingress";
  const ranges = direction === "ingress" ? list(c.source_ranges) : list(c.destination_ranges);
  const peers = [
    ...ranges.map(text),
    ...(direction === "ingress" ? [...list(c.source_tags).map((t) => `tag:${text(t)}`), ...list(c.source_service_accounts).map((s) => `serviceAccount:${text(s)}`)] : []),
  ];
  // No source (or destination) at all: Google applies the rule to every address.
  const sources = peers.length > 0 ? peers : ["0.0.0.0/0"];
  const targets = [...list(c.target_tags).map((t) => `tag:${text(t)}`), ...list(c.target_service_accounts).map((s) => `serviceAccount:${text(s)}`)].sort();
  const out: NetworkRule[] = [];
  for (const act of ["allow", "deny"] as const) {
    blocks(c[act]).forEach((entry, i) => {
      const protocol = protocolName(entry.protocol);
      const ports = list(entry.ports);
      const ranges: [number, number][] = protocol === "all" || ports.length === 0 ? [[0, 65535]] : ports.map(portRange);
      for (const [from, to] of ranges) {
        for (const peer of sources) {
          out.push({
            direction,
            action: act,
            on: text(c.network ?? "default"),
            targets,
            protocol,
            from,
            to,
            peer,
            ...(typeof c.description === "string" && c.description !== "" ? { description: c.description } : {}),
            source: { address, attribute: `${act}[${i}]` },
          });
        }
      }
    });
  }
  return out;
}
