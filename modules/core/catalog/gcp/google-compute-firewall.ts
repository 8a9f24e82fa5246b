import { literal, type CatalogEntry } from "../entry";

/** A VPC firewall rule: which sources reach which targets. */
export const entry: CatalogEntry = {
  type: "google_compute_firewall",
  arn: (c, p) => { const project = literal(c, "project") ?? p.project; const n = literal(c, "name"); return project && n ? `projects/${project}/global/firewalls/${n}` : undefined; },
  forceNew: ["name", "network", "project", "direction"],
  grants: [
    { kind: "network-ingress", attributes: ["*"] },
  ],
};
