import { type CatalogEntry } from "../entry";

/** Registry-wide image scanning (basic or enhanced). */
export const entry: CatalogEntry = {
  type: "aws_ecr_registry_scanning_configuration",
  forceNew: [],
  local: { kind: "inert", why: "container images are not run locally" },
};
