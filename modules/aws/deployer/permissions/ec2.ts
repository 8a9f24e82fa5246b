import type { DeployGrants } from "./grant";

const GROUPS = "arn:{partition}:ec2:{region}:{account}:security-group/*";
const RULES = "arn:{partition}:ec2:{region}:{account}:security-group-rule/*";
const DESCRIBE = ["ec2:DescribeSecurityGroups", "ec2:DescribeSecurityGroupRules", "ec2:DescribeNetworkInterfaces", "ec2:DescribeVpcs"];
const RULE_CHANGES = [
  "ec2:AuthorizeSecurityGroupEgress",
  "ec2:RevokeSecurityGroupEgress",
  "ec2:AuthorizeSecurityGroupIngress",
  "ec2:RevokeSecurityGroupIngress",
  "ec2:ModifySecurityGroupRules",
  "ec2:UpdateSecurityGroupRuleDescriptionsEgress",
  "ec2:UpdateSecurityGroupRuleDescriptionsIngress",
];

/**
 * Security groups are named by an id EC2 assigns: the environment's are told apart by its tags,
 * which the provider sets when it creates them (TagSpecifications), in the environment's VPCs.
 */
export const EC2_GRANTS: DeployGrants = {
  aws_security_group: [
    { phase: "read", actions: DESCRIBE, resources: ["*"] },
    { phase: "manage", actions: ["ec2:CreateSecurityGroup"], resources: ["arn:{partition}:ec2:{region}:{account}:vpc/{vpc}"] },
    { phase: "manage", actions: ["ec2:CreateSecurityGroup", "ec2:CreateTags"], resources: [GROUPS], tagged: "request" },
    { phase: "manage", actions: ["ec2:DeleteSecurityGroup", "ec2:CreateTags", "ec2:DeleteTags", ...RULE_CHANGES], resources: [GROUPS], tagged: "resource" },
    { phase: "manage", actions: [...RULE_CHANGES, "ec2:CreateTags", "ec2:DeleteTags"], resources: [RULES] },
  ],
  aws_vpc_security_group_egress_rule: [
    { phase: "read", actions: DESCRIBE, resources: ["*"] },
    { phase: "manage", actions: RULE_CHANGES, resources: [GROUPS], tagged: "resource" },
    { phase: "manage", actions: [...RULE_CHANGES, "ec2:CreateTags", "ec2:DeleteTags"], resources: [RULES] },
  ],
  aws_vpc_security_group_ingress_rule: [
    { phase: "read", actions: DESCRIBE, resources: ["*"] },
    { phase: "manage", actions: RULE_CHANGES, resources: [GROUPS], tagged: "resource" },
    { phase: "manage", actions: [...RULE_CHANGES, "ec2:CreateTags", "ec2:DeleteTags"], resources: [RULES] },
  ],
};
