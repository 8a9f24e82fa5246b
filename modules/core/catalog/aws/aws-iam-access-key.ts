import { type CatalogEntry } from "../entry";

/** Creates an access key for an IAM user: a long-lived credential whose secret can land in the state. */
export const entry: CatalogEntry = {
  type: "aws_iam_access_key",
  forceNew: { all: true, except: ["status"] },
  grants: [
    { kind: "credentials", attributes: ["*"] },
  ],
  local: { kind: "not-emulated", what: "IAM user credentials: only the session's credentials sign locally" },
};
