import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { Construct } from "constructs";
import { optional, props, required, type TypeOf } from "../core/schema";
import { AWS_TAGS } from "../core/tags";
import type { Rule } from "../core/validation";
import { VPC_ID } from "./aws-ids";
import { useRelativeLocalState } from "../core/relative-local-state";

// EC2 security group names and descriptions in a VPC: https://docs.aws.amazon.com/vpc/latest/userguide/creating-security-groups.html
const SG_CHARS = "letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*";
const SG_TEXT = /^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]*$/;
const NAME: Rule<string> = { description: `1 to 255 ${SG_CHARS}, not starting with sg-`, test: (v: string) => typeof v === "string" && v.length >= 1 && v.length <= 255 && SG_TEXT.test(v) && !/^sg-/i.test(v) };
const DESCRIPTION: Rule<string> = { description: `0 to 255 ${SG_CHARS}`, test: (v: string) => typeof v === "string" && v.length <= 255 && SG_TEXT.test(v) };

/** The props of `EgressOnlySecurityGroup`. */
export const EGRESS_ONLY_SECURITY_GROUP_PROPS = props(
  {
    /** The group's name (not starting with `sg-`). */
    name: required(NAME),
    /** What the group is for. */
    description: required(DESCRIPTION),
    /** The VPC the group belongs to. */
    vpcId: required(VPC_ID),
    /** Tags on every resource it creates (the provider adds its default tags). @default none */
    tags: optional(AWS_TAGS),
  },
  { name: "EgressOnlySecurityGroup props", expected: "an object with name, description and vpcId" },
);

export interface EgressOnlySecurityGroupProps extends TypeOf<typeof EGRESS_ONLY_SECURITY_GROUP_PROPS> {}

/**
 * A security group with no ingress rule and one described egress rule to anywhere over IPv4: what a
 * Lambda function needs to call AWS APIs and its dependencies, and nothing that can reach it.
 */
export class EgressOnlySecurityGroup extends Construct {
  public readonly securityGroupId: string;

  constructor(scope: Construct, id: string, props: EgressOnlySecurityGroupProps) {
    super(scope, id);
    useRelativeLocalState(this);
    EGRESS_ONLY_SECURITY_GROUP_PROPS.validate(this, props);

    const tags = props.tags ? { ...props.tags } : undefined;
    const group = new SecurityGroup(this, "Group", {
      name: props.name,
      description: props.description,
      vpcId: props.vpcId,
      tags,
    });
    new VpcSecurityGroupEgressRule(this, "EgressIpv4", {
      securityGroupId: group.id,
      description: "Outbound IPv4 traffic to AWS APIs and dependencies",
      ipProtocol: "-1",
      cidrIpv4: "0.0.0.0/0",
      tags,
    });
    this.securityGroupId = group.id;
  }
}
