import { type CatalogEntry } from "../entry";

/** A rule of a firewall policy: which sources it allows to reach what. */
export const entry: CatalogEntry = {
  type: "google_compute_firewall_policy_rule",
  forceNew: ["firewall_policy", "priority"],
  grants: [{ kind: "network-ingress", attributes: ["*"] }],
};
