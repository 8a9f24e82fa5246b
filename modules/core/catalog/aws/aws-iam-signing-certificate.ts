import { type CatalogEntry } from "../entry";

/** Creates a signing certificate for an IAM user: a long-lived credential whose secret can land in the state. */
export const entry: CatalogEntry = {
  type: "aws_iam_signing_certificate",
  forceNew: { all: true, except: ["status"] },
  grants: [
    { kind: "credentials", attributes: ["*"] },
  ],
  local: { kind: "not-emulated", what: "IAM user credentials: only the session's credentials sign locally" },
};
