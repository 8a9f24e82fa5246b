import { matches } from "../modules/core/rules";
import type { Validator } from "../modules/core/validation";
import type { AwsEnvironmentConfig, AwsVpcConfig } from "./types";

export const AWS_REGION = matches(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/, "an AWS region name such as eu-west-1");
const VPC_ID = matches(/^vpc-[0-9a-f]{8,17}$/, "a VPC id (vpc-...)");
const SUBNET_ID = matches(/^subnet-[0-9a-f]{8,17}$/, "a subnet id (subnet-...)");

/** The VPC of one region (`at` is `aws.vpc` or `aws.additionalRegions[i].vpc`); skipped when unset. */
export function validateVpc(v: Validator, at: string, vpc: AwsVpcConfig | undefined): void {
  if (vpc === undefined) return;
  if (vpc === null || typeof vpc !== "object") {
    v.fail(at, "{ vpcId, subnetIds }", vpc);
    return;
  }
  v.required(`${at}.vpcId`, vpc.vpcId).check(`${at}.vpcId`, vpc.vpcId, VPC_ID);
  if (!Array.isArray(vpc.subnetIds) || vpc.subnetIds.length === 0) {
    v.fail(`${at}.subnetIds`, "a non-empty list of subnet ids", vpc.subnetIds);
  } else {
    vpc.subnetIds.forEach((s, i) => v.check(`${at}.subnetIds[${i}]`, s, SUBNET_ID));
  }
}

/** `aws.additionalRegions`: each a region other than the primary one and each other, with its own VPC or none. */
export function validateRegions(v: Validator, aws: AwsEnvironmentConfig): void {
  const extra = aws.additionalRegions;
  if (extra === undefined) return;
  if (!Array.isArray(extra)) {
    v.fail("aws.additionalRegions", "a list of { region, vpc? }", extra);
    return;
  }
  const seen = new Set<string>([aws.region]);
  extra.forEach((r: unknown, i) => {
    const at = `aws.additionalRegions[${i}]`;
    if (r === null || typeof r !== "object") {
      v.fail(at, "{ region, vpc? }", r);
      return;
    }
    const { region, vpc } = r as { region?: unknown; vpc?: AwsVpcConfig };
    v.required(`${at}.region`, region).check(`${at}.region`, region, AWS_REGION);
    if (typeof region === "string" && seen.has(region)) {
      v.fail(`${at}.region`, `a region not already used by the environment (${[...seen].join(", ")}): one stack per region`, region);
    }
    if (typeof region === "string") seen.add(region);
    validateVpc(v, `${at}.vpc`, vpc);
  });
}
