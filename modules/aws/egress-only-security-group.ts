import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { Construct } from "constructs";
import { checkAgainstStack } from "../core/stack-context";
import { matches } from "../core/rules";
import { validateAwsTags } from "../core/tags";
import { Validator } from "../core/validation";
import type { AllKeysListed } from "../core/known-keys";
import { useRelativeLocalState } from "../core/relative-local-state";

// EC2 security group names and descriptions in a VPC: https://docs.aws.amazon.com/vpc/latest/userguide/creating-security-groups.html
const SG_CHARS = "letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*";
const SG_TEXT = /^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]*$/;
const NAME = { description: `1 to 255 ${SG_CHARS}, not starting with sg-`, test: (v: string) => typeof v === "string" && v.length >= 1 && v.length <= 255 && SG_TEXT.test(v) && !/^sg-/i.test(v) };
const DESCRIPTION = { description: `0 to 255 ${SG_CHARS}`, test: (v: string) => typeof v === "string" && v.length <= 255 && SG_TEXT.test(v) };

export interface EgressOnlySecurityGroupProps {
  readonly name: string;
  readonly description: string;
  readonly vpcId: string;
  /** @default none */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Every key of `EgressOnlySecurityGroupProps`, for `Validator.onlyKnownKeys`. */
export const EGRESS_ONLY_SECURITY_GROUP_PROP_KEYS = ["name", "description", "vpcId", "tags"] as const satisfies readonly (keyof EgressOnlySecurityGroupProps)[];
export type EgressOnlySecurityGroupPropKeysComplete = AllKeysListed<
  Exclude<keyof EgressOnlySecurityGroupProps, (typeof EGRESS_ONLY_SECURITY_GROUP_PROP_KEYS)[number]>
>;

/**
 * A security group with no ingress rule and one described egress rule to anywhere over IPv4: what a
 * Lambda function needs to call AWS APIs and its dependencies, and nothing that can reach it.
 */
export class EgressOnlySecurityGroup extends Construct {
  public readonly securityGroupId: string;

  constructor(scope: Construct, id: string, props: EgressOnlySecurityGroupProps) {
    super(scope, id);
    useRelativeLocalState(this);
    const v = new Validator("EgressOnlySecurityGroup props", this.node.path);
    if (!v.props(props, EGRESS_ONLY_SECURITY_GROUP_PROP_KEYS, "an object with name, description and vpcId")) v.throwIfInvalid();
    v.required("name", props.name).check("name", props.name, NAME);
    v.check("description", props.description, DESCRIPTION);
    v.required("vpcId", props.vpcId).check("vpcId", props.vpcId, matches(/^vpc-[0-9a-f]{8,17}$/, "a VPC id (vpc-...)"));
    checkAgainstStack(v, this, "aws", "EgressOnlySecurityGroup props", (v, { aws }) => validateAwsTags(v, "tags", props.tags, aws?.defaultTags));
    v.throwIfInvalid();

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
