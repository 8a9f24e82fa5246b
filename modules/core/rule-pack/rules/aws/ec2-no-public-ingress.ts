import { blocks, list, show, type Config } from "../../config";
import type { Rule } from "../../rule";

/** A CIDR as a range of one address family: IPv4 (32 bits) or IPv6 (128 bits); undefined if unreadable. */
function parseCidr(cidr: unknown): { bits: number; start: bigint; end: bigint } | undefined {
  if (typeof cidr !== "string") return undefined;
  const match = /^([0-9a-fA-F:.]+)\/(\d{1,3})$/.exec(cidr.trim());
  if (!match) return undefined;
  const prefix = Number(match[2]);
  const address = match[1].includes(":") ? ipv6(match[1]) : ipv4(match[1]);
  if (address === undefined) return undefined;
  const bits = match[1].includes(":") ? 128 : 32;
  if (prefix > bits) return undefined;
  const size = 1n << BigInt(bits - prefix);
  const start = (address / size) * size;
  return { bits, start, end: start + size };
}

function ipv4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((n, p) => (n << 8n) | BigInt(Number(p)), 0n);
}

function ipv6(text: string): bigint | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groups = (h: string) => (h === "" ? [] : h.split(":"));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 2 && missing < 1) || (halves.length === 1 && missing !== 0)) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return all.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/**
 * The CIDRs of one rule that together open it to the whole internet: any spelling of a /0
 * (`0.0.0.0/0`, `::/0`, `0::/0`, `::0/0`) or ranges that add up to every address of a family
 * (`0.0.0.0/1` and `128.0.0.0/1`). Judged on the parsed ranges, not on their spelling.
 */
function openCidrs(cidrs: readonly unknown[]): string[] {
  const open: string[] = [];
  for (const bits of [32, 128]) {
    const ranges = cidrs.map((c) => ({ cidr: c, range: parseCidr(c) })).filter((r) => r.range?.bits === bits);
    const sorted = [...ranges].sort((a, b) => (a.range!.start < b.range!.start ? -1 : a.range!.start > b.range!.start ? 1 : 0));
    let covered = 0n;
    for (const { range } of sorted) {
      if (range!.start > covered) break;
      if (range!.end > covered) covered = range!.end;
    }
    if (covered >= 1n << BigInt(bits)) open.push(...ranges.map((r) => String(r.cidr)));
  }
  return open;
}

function ports(c: Config): string {
  const protocol = String(c.ip_protocol ?? c.protocol ?? "");
  if (protocol === "-1" || protocol === "all") return "every port and protocol";
  const from = c.from_port;
  const to = c.to_port;
  return from === to ? `${protocol} port ${show(from)}` : `${protocol} ports ${show(from)}-${show(to)}`;
}

export const ec2NoPublicIngress: Rule = {
  id: "ec2-no-public-ingress",
  title: "Security groups accept no traffic from the whole internet",
  checkov: ["CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260", "CKV_AWS_277"],
  trivy: ["AWS-0107"],
  description:
    "No ingress rule (an `ingress` block of `aws_security_group`, an `aws_security_group_rule` of type `ingress`, an `aws_vpc_security_group_ingress_rule`) allows `0.0.0.0/0` or `::/0` (in any spelling, such as `0::/0`, or as ranges that add up to every address, such as `0.0.0.0/1` and `128.0.0.0/1`), on any port. Functions in a VPC need no ingress at all (`EgressOnlySecurityGroup`); a public load balancer is a deliberate exception to suppress with its reason.",
  appliesTo: ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"],
  check(resource) {
    const rules: { label: string; config: Config; cidrs: unknown[] }[] =
      resource.type === "aws_security_group"
        ? blocks(resource.config.ingress).map((b, i) => ({ label: `ingress[${i}]`, config: b, cidrs: [...list(b.cidr_blocks), ...list(b.ipv6_cidr_blocks)] }))
        : resource.type === "aws_security_group_rule"
          ? resource.config.type === "ingress"
            ? [{ label: "rule", config: resource.config, cidrs: [...list(resource.config.cidr_blocks), ...list(resource.config.ipv6_cidr_blocks)] }]
            : []
          : [{ label: "rule", config: resource.config, cidrs: [resource.config.cidr_ipv4, resource.config.cidr_ipv6] }];
    const open = rules.map((r) => ({ ...r, open: openCidrs(r.cidrs) })).filter((r) => r.open.length > 0);
    if (open.length === 0) return undefined;
    return `${open.map((r) => `${r.label} allows ${ports(r.config)} from ${r.open.join(", ")}`).join("; ")}; allow the callers' CIDRs or security groups only`;
  },
};
