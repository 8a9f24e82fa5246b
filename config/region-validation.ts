import { AWS_REGION } from "../modules/core/regions";
import { matches } from "../modules/core/rules";
import type { Validator } from "../modules/core/validation";
import { AWS_REGION_CONFIG_KEYS, AWS_VPC_CONFIG_KEYS } from "./keys";
import type { AwsEnvironmentConfig, AwsRegionConfig, AwsVpcConfig } from "./types";

const VPC_ID = matches(/^vpc-[0-9a-f]{8,17}$/, "a VPC id (vpc-...)");
const SUBNET_ID = matches(/^subnet-[0-9a-f]{8,17}$/, "a subnet id (subnet-...)");

/** The VPC of one region (`at` is `aws.vpc` or `aws.additionalRegions[i].vpc`); skipped when unset. */
export function validateVpc(v: Validator, at: string, vpc: AwsVpcConfig | undefined): void {
  if (!v.object(at, vpc, AWS_VPC_CONFIG_KEYS, "{ vpcId, subnetIds }")) return;
  v.required(`${at}.vpcId`, vpc.vpcId).check(`${at}.vpcId`, vpc.vpcId, VPC_ID);
  v.required(`${at}.subnetIds`, vpc.subnetIds);
  v.list(`${at}.subnetIds`, vpc.subnetIds, { of: "subnet ids", min: 1, item: SUBNET_ID });
}

/** `aws.additionalRegions`: each a region other than the primary one and each other, with its own VPC or none. */
export function validateRegions(v: Validator, aws: AwsEnvironmentConfig): void {
  const extra = v.list<AwsRegionConfig>("aws.additionalRegions", aws.additionalRegions, { of: "{ region, vpc? }" });
  if (extra === undefined) return;
  const seen = new Set<string>([aws.region]);
  extra.forEach((r, i) => {
    const at = `aws.additionalRegions[${i}]`;
    if (!v.object(at, r, AWS_REGION_CONFIG_KEYS, "{ region, vpc? }")) {
      if (r === undefined) v.fail(at, "{ region, vpc? }", r);
      return;
    }
    v.required(`${at}.region`, r.region).check(`${at}.region`, r.region, AWS_REGION);
    if (typeof r.region === "string" && seen.has(r.region)) {
      v.fail(`${at}.region`, `a region not already used by the environment (${[...seen].join(", ")}): one stack per region`, r.region);
    }
    if (typeof r.region === "string") seen.add(r.region);
    validateVpc(v, `${at}.vpc`, r.vpc);
  });
}
