import { type CatalogEntry } from "../entry";

/** Blocks public ACLs and policies on every bucket of the account. */
export const entry: CatalogEntry = {
  type: "aws_s3_account_public_access_block",
  forceNew: ["account_id"],
  grants: [
    { kind: "public-exposure", attributes: ["*"], what: "S3 account public access block" },
  ],
};
