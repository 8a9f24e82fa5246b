import { type CatalogEntry } from "../entry";

/** Lets an account, an organization or everyone (`group = "all"`) launch an AMI. */
export const entry: CatalogEntry = {
  type: "aws_ami_launch_permission",
  forceNew: { all: true, except: [] },
  local: { kind: "not-emulated", what: "who may launch an AMI: no local caller launches instances" },
  grants: [
    { kind: "public-exposure", attributes: ["group", "account_id", "organization_arn", "organizational_unit_arn"], what: "AMI launch permission", public: { attribute: "group", values: ["all"] } },
  ],
};
