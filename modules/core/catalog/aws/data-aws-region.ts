import { literal, type CatalogEntry } from "../entry";

/** The provider's region (or the one the block names). */
export const entry: CatalogEntry = {
  type: "data.aws_region",
  data: (attribute, c, p) => { const named = literal(c, "name") ?? literal(c, "region") ?? p.region; if (attribute === "name" || attribute === "id" || attribute === "region") return named ? { value: named } : { identity: true }; return attribute === "endpoint" || attribute === "description" ? { identity: true } : undefined; },
};
