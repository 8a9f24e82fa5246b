import type { Rule } from "./validation";

/**
 * Region names of both clouds, as patterns of the names AWS and Google give their regions, so that a
 * typo (`eu-west1`, `eu-wset-1`), the other cloud's name (`europe-west1` on AWS) or a zone
 * (`eu-west-1a`, `europe-west1-b`) is refused at synth, not by the provider at plan or apply. The
 * patterns cover every region announced so far and the ones AWS or Google would name the same way.
 */

// AWS: <area>-<direction>-<n>: us-east-1, ap-southeast-7, il-central-1, cn-northwest-1, us-gov-west-1,
// us-iso-east-1, us-isob-east-1, eu-isoe-west-1, us-isof-south-1.
const AWS_AREAS = ["af", "ap", "ca", "cn", "eu", "il", "me", "mx", "sa", "us", "us-gov", "us-iso", "us-isob", "us-isof", "eu-isoe"];
const DIRECTIONS = ["central", "east", "west", "north", "south", "northeast", "northwest", "southeast", "southwest"];
const AWS_REGION_PATTERN = new RegExp(`^(${AWS_AREAS.join("|")})-(${DIRECTIONS.join("|")})-[1-9]$`);

// Google: <continent>-<direction><n>: europe-west1, us-central1, northamerica-northeast2, me-central2, africa-south1.
const GCP_CONTINENTS = ["africa", "asia", "australia", "europe", "me", "northamerica", "southamerica", "us"];
const GCP_REGION_PATTERN = new RegExp(`^(${GCP_CONTINENTS.join("|")})-(${DIRECTIONS.join("|")})[1-9][0-9]?$`);

export function isAwsRegion(value: unknown): value is string {
  return typeof value === "string" && AWS_REGION_PATTERN.test(value);
}

export function isGcpRegion(value: unknown): value is string {
  return typeof value === "string" && GCP_REGION_PATTERN.test(value);
}

export const AWS_REGION: Rule<string> = {
  description: "an AWS region name such as eu-west-1 (<area>-<direction>-<number>: us-east-1, cn-north-1, us-gov-west-1...)",
  test: isAwsRegion,
};

export const GCP_REGION: Rule<string> = {
  description: "a region name such as europe-west1 or us-central1 (a Google Cloud region, <continent>-<direction><number>)",
  test: isGcpRegion,
};

/** The partition of an AWS region (`aws`, `aws-cn`, `aws-us-gov`, `aws-iso`...), or undefined when it is not one. */
export function awsPartitionOf(region: string): string | undefined {
  if (!isAwsRegion(region)) return undefined;
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("us-isob-")) return "aws-iso-b";
  if (region.startsWith("us-isof-")) return "aws-iso-f";
  if (region.startsWith("eu-isoe-")) return "aws-iso-e";
  if (region.startsWith("us-iso-")) return "aws-iso";
  return "aws";
}
