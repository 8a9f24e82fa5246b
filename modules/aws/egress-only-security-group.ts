import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { Construct } from "constructs";

export interface EgressOnlySecurityGroupProps {
  readonly name: string;
  readonly description: string;
  readonly vpcId: string;
  /** @default none */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A security group with no ingress rule and one described egress rule to anywhere over IPv4: what a
 * Lambda function needs to call AWS APIs and its dependencies, and nothing that can reach it.
 */
export class EgressOnlySecurityGroup extends Construct {
  public readonly securityGroupId: string;

  constructor(scope: Construct, id: string, props: EgressOnlySecurityGroupProps) {
    super(scope, id);
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
