import { type CatalogEntry } from "../entry";

/** Blocks public ACLs and policies on every bucket of the account. */
export const entry: CatalogEntry = {
  type: "aws_s3_account_public_access_block",
  forceNew: ["account_id"],
  grants: [
    { kind: "public-exposure", attributes: ["*"], what: "S3 account public access block" },
  ],
  local: { kind: "inert", why: "nothing is public locally: every call is signed by the session's credentials" },
};
