import { blocks, dig, list } from "../../config";
import type { Rule } from "../../rule";
import { openCidrs } from "../cidrs";
import { cannotVerify, unreadableExpressions } from "../readable";

const POLICY_RULES = ["google_compute_firewall_policy_rule", "google_compute_network_firewall_policy_rule", "google_compute_region_network_firewall_policy_rule"];

export const gcpFirewallNoPublicIngress: Rule = {
  id: "gcp-firewall-no-public-ingress",
  title: "GCP firewalls allow no ingress from the whole internet",
  suppressible: false,
  checkov: ["CKV_GCP_2", "CKV_GCP_3", "CKV_GCP_75", "CKV_GCP_88", "CKV_GCP_106"],
  trivy: ["GCP-0027"],
  description:
    "No enabled ingress `google_compute_firewall` with an `allow` block takes traffic from `0.0.0.0/0` or `::/0`, in any spelling or as ranges that add up to every address (the shared CIDR parser), on any port; nor does one without `source_ranges`, `source_tags` or `source_service_accounts` (Google then applies it to every source, terraform-provider-google#6789), or with an empty range. The same for `allow` rules of firewall policies (`google_compute_firewall_policy_rule`, network and regional network policy rules: `match.src_ip_ranges`). A range only Terraform knows (`${var.x}`) cannot be verified and is a finding. Serverless services need no open ingress (Cloud Run has its own ingress setting). Cannot be suppressed.",
  appliesTo: ["google_compute_firewall", ...POLICY_RULES],
  check(resource) {
    const c = resource.config;
    // Only what is written out switches the rule off: a value only Terraform knows could be either.
    if (c.disabled === true || c.disabled === "true") return undefined;
    if (typeof c.direction === "string" && c.direction.toUpperCase() === "EGRESS") return undefined;
    let ranges: unknown[];
    let attribute: string;
    if (resource.type === "google_compute_firewall") {
      if (blocks(c.allow).length === 0) return undefined;
      ranges = list(c.source_ranges);
      attribute = "source_ranges";
      if (ranges.length === 0 && list(c.source_tags).length === 0 && list(c.source_service_accounts).length === 0) {
        return `allows ${describe(c.allow)} with no source_ranges, source_tags or source_service_accounts: Google applies it to every source (0.0.0.0/0); name the source ranges`;
      }
    } else {
      if (typeof c.action === "string" && ["deny", "goto_next"].includes(c.action.toLowerCase())) return undefined;
      ranges = list(dig(c, "match.src_ip_ranges"));
      attribute = "match.src_ip_ranges";
    }
    const unreadable = unreadableExpressions(ranges);
    if (unreadable.length > 0) return `${cannotVerify(attribute, unreadable)}; it could be 0.0.0.0/0`;
    const open = [...openCidrs(ranges), ...ranges.filter((r) => r === "").map(() => '"" (every address)')];
    if (open.length === 0) return undefined;
    const what = resource.type === "google_compute_firewall" ? describe(c.allow) : "traffic";
    return `${attribute} ${open.join(", ")}: allows ${what} from the whole internet; allow the ranges that need it (a load balancer's, a VPN's)`;
  },
};

function describe(allow: unknown): string {
  return blocks(allow)
    .map((a) => {
      const ports = list(a.ports).map(String);
      return `${String(a.protocol ?? "?")}${ports.length > 0 ? ` ports ${ports.join(", ")}` : " on every port"}`;
    })
    .join("; ");
}
