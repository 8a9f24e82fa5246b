import { blocks, list, show, type Config } from "../../config";
import type { Rule } from "../../rule";
import { openCidrs } from "../cidrs";

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
    "No ingress rule (an `ingress` block of `aws_security_group`, an `aws_security_group_rule` of type `ingress`, an `aws_vpc_security_group_ingress_rule`) allows `0.0.0.0/0` or `::/0` (in any spelling, such as `0::/0`, or as ranges that add up to every address, such as `0.0.0.0/1` and `128.0.0.0/1`), on any port. Functions in a VPC need no ingress at all (`EgressOnlySecurityGroup`): a public load balancer belongs in a stack of its own. Cannot be suppressed.",
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
