import { TerraformModel } from "../../../../modules/core/terraform/model";
import { networkRulesOf, type NetworkRule } from "../../../../modules/core/terraform/network-rules";

const rules = (json: Record<string, unknown>, address: string) => networkRulesOf(TerraformModel.fromJson(json), address).rules;
const shown = (r: readonly NetworkRule[] | undefined) => (r ?? []).map((x) => `${x.action} ${x.direction} ${x.protocol} ${x.from}-${x.to} ${x.peer} on ${x.on}${x.targets.length ? ` to ${x.targets.join(",")}` : ""}`);

describe("networkRulesOf: every rule a block makes, as the cloud applies it", () => {
  test("security groups: inline rules per peer, every protocol is every port, a self rule", () => {
    const json = {
      resource: {
        aws_security_group: {
          g: {
            ingress: [{ protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: ["10.0.0.0/8"], ipv6_cidr_blocks: ["2001:db8::/32"], description: "https" }],
            egress: [{ protocol: "-1", from_port: 0, to_port: 0, cidr_blocks: ["0.0.0.0/0"], self: true }],
          },
        },
      },
    };
    expect(shown(rules(json, "aws_security_group.g"))).toEqual([
      "allow ingress tcp 443-443 10.0.0.0/8 on ${aws_security_group.g.id}",
      "allow ingress tcp 443-443 2001:db8::/32 on ${aws_security_group.g.id}",
      "allow egress all 0-65535 0.0.0.0/0 on ${aws_security_group.g.id}",
      "allow egress all 0-65535 self on ${aws_security_group.g.id}",
    ]);
    expect(rules(json, "aws_security_group.g")![0].description).toBe("https");
  });

  test("rule resources: the classic rule, the VPC rules, protocol numbers named", () => {
    const json = {
      resource: {
        aws_security_group_rule: { c: { type: "egress", security_group_id: "${aws_security_group.g.id}", protocol: "6", from_port: 8000, to_port: 8010, source_security_group_id: "${aws_security_group.o.id}" } },
        aws_vpc_security_group_ingress_rule: { v: { security_group_id: "sg-1", ip_protocol: "-1", cidr_ipv6: "::/0" } },
      },
    };
    expect(shown(rules(json, "aws_security_group_rule.c"))).toEqual(["allow egress tcp 8000-8010 ${aws_security_group.o.id} on ${aws_security_group.g.id}"]);
    expect(shown(rules(json, "aws_vpc_security_group_ingress_rule.v"))).toEqual(["allow ingress all 0-65535 ::/0 on sg-1"]);
  });

  test("network ACLs: allow and deny, inline and as rules", () => {
    const json = {
      resource: {
        aws_network_acl: { n: { vpc_id: "vpc-1", ingress: [{ protocol: "tcp", rule_no: 100, action: "deny", cidr_block: "0.0.0.0/0", from_port: 22, to_port: 22 }] } },
        aws_network_acl_rule: { r: { network_acl_id: "${aws_network_acl.n.id}", rule_number: 200, egress: false, protocol: "tcp", rule_action: "allow", cidr_block: "10.0.0.0/16", from_port: 443, to_port: 443 } },
      },
    };
    expect(shown(rules(json, "aws_network_acl.n"))).toEqual(["deny ingress tcp 22-22 0.0.0.0/0 on ${aws_network_acl.n.id}"]);
    expect(shown(rules(json, "aws_network_acl_rule.r"))).toEqual(["allow ingress tcp 443-443 10.0.0.0/16 on ${aws_network_acl.n.id}"]);
  });

  test("GCP firewalls: allow and deny blocks, port ranges, tags and service accounts; no source is every source; disabled is none", () => {
    const json = {
      resource: {
        google_compute_firewall: {
          f: { network: "vpc", source_ranges: ["10.0.0.0/8"], source_tags: ["lb"], target_tags: ["web"], allow: [{ protocol: "tcp", ports: ["80", "8000-8080"] }], deny: [{ protocol: "all" }] },
          open: { network: "vpc", allow: [{ protocol: "icmp" }] },
          out: { network: "vpc", direction: "EGRESS", destination_ranges: ["192.168.0.0/16"], allow: [{ protocol: "udp", ports: ["53"] }] },
          off: { network: "vpc", disabled: true, source_ranges: ["0.0.0.0/0"], allow: [{ protocol: "all" }] },
        },
      },
    };
    expect(shown(rules(json, "google_compute_firewall.f"))).toEqual([
      "allow ingress tcp 80-80 10.0.0.0/8 on vpc to tag:web",
      "allow ingress tcp 80-80 tag:lb on vpc to tag:web",
      "allow ingress tcp 8000-8080 10.0.0.0/8 on vpc to tag:web",
      "allow ingress tcp 8000-8080 tag:lb on vpc to tag:web",
      "deny ingress all 0-65535 10.0.0.0/8 on vpc to tag:web",
      "deny ingress all 0-65535 tag:lb on vpc to tag:web",
    ]);
    expect(shown(rules(json, "google_compute_firewall.open"))).toEqual(["allow ingress icmp 0-65535 0.0.0.0/0 on vpc"]);
    expect(shown(rules(json, "google_compute_firewall.out"))).toEqual(["allow egress udp 53-53 192.168.0.0/16 on vpc"]);
    expect(rules(json, "google_compute_firewall.off")).toEqual([]);
  });

  test("a type whose rules it does not read has none (a tool judges it whole)", () => {
    expect(networkRulesOf(TerraformModel.fromJson({ resource: { google_compute_firewall_policy_rule: { p: { action: "allow" } } } }), "google_compute_firewall_policy_rule.p").rules).toBeUndefined();
  });
});
