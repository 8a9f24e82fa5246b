import { type CatalogEntry } from "../entry";

/** The partition of the provider's region (aws, aws-cn, aws-us-gov...). */
export const entry: CatalogEntry = {
  type: "data.aws_partition",
  data: (attribute, _c, p) => { if (!p.partition) return { identity: true }; if (attribute === "partition" || attribute === "id") return { value: p.partition }; if (attribute === "dns_suffix") return { value: p.partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com" }; return undefined; },
};
