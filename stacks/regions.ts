import type { AwsVpcConfig, EnvironmentConfig } from "../config/load";
import { Validator } from "../modules/core/validation";

/** One of the regions an environment's AWS side runs in, and the stack that holds it. */
export interface AwsRegionalStack {
  /** `aws-<env>` in the primary region, `aws-<env>-<region>` in each additional one. */
  readonly stackId: string;
  readonly region: string;
  readonly primary: boolean;
  /** The VPC of that region (VPCs are regional). @default functions outside any VPC */
  readonly vpc?: AwsVpcConfig;
  /**
   * What resource names carry after the project: `<env>` in the primary region (names as they have
   * always been), `<env>-<region>` elsewhere, which keeps account-global names (IAM roles) unique.
   */
  readonly nameScope: string;
}

/** The AWS stacks of an environment: the primary region first, then `aws.additionalRegions` in config order. */
export function awsRegionalStacks(config: EnvironmentConfig): AwsRegionalStack[] {
  const env = config.environment;
  return [
    { stackId: `aws-${env}`, region: config.aws.region, primary: true, vpc: config.aws.vpc, nameScope: env },
    ...(config.aws.additionalRegions ?? []).map((r) => ({
      stackId: `aws-${env}-${r.region}`,
      region: r.region,
      primary: false,
      vpc: r.vpc,
      nameScope: `${env}-${r.region}`,
    })),
  ];
}

/**
 * The regional stack of `region` (the primary one when unset); refuses, naming `path` (the stack's
 * construct path), a region the environment does not declare.
 */
export function awsRegionalStack(config: EnvironmentConfig, region: string | undefined, path: string): AwsRegionalStack {
  const all = awsRegionalStacks(config);
  const found = region === undefined ? all[0] : all.find((r) => r.region === region);
  if (!found) {
    new Validator("AwsServiceStack props", path)
      .fail("region", `one of the regions of config/${config.environment}.ts (${all.map((r) => r.region).join(", ")}; add others to aws.additionalRegions)`, region)
      .throwIfInvalid();
  }
  return found!;
}
