import { type CatalogEntry } from "../entry";

/** Blocks public ACLs and policies on one bucket. */
export const entry: CatalogEntry = {
  type: "aws_s3_bucket_public_access_block",
  forceNew: ["bucket"],
  grants: [
    { kind: "public-exposure", attributes: ["*"], what: "S3 public access block" },
  ],
  local: { kind: "inert", why: "nothing is public locally: every call is signed by the session's credentials" },
};
