import { type CatalogEntry } from "../entry";

/** A Glacier vault with its access policy. */
export const entry: CatalogEntry = {
  type: "aws_glacier_vault",
  forceNew: ["name"],
  grants: [
    { kind: "resource-policy", attributes: ["access_policy"], policy: "access_policy" },
  ],
  local: { kind: "not-emulated", what: "S3 Glacier vaults" },
};
