import { arnOf, type CatalogEntry } from "../entry";
import { name } from "../names";

/** An instance profile: hands its role to EC2 instances. */
export const entry: CatalogEntry = {
  type: "aws_iam_instance_profile",
  arn: (c, p) => arnOf(p, "iam", name(c, "instance-profile"), { region: false }),
  globalNames: [{ attribute: "name", scope: "aws-account", what: "IAM instance profile name", caseInsensitive: true }],
  forceNew: ["name", "name_prefix", "path"],
  grants: [
    { kind: "runs-as", attributes: ["role"], role: "role" },
    { kind: "policy-attachment", attributes: ["role"] },
  ],
  local: { kind: "not-emulated", what: "EC2 instance profiles: no instance runs locally" },
};
