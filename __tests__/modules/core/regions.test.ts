import { AWS_REGION, awsPartitionOf, GCP_REGION, isAwsRegion, isGcpRegion } from "../../../modules/core/regions";

describe("region names", () => {
  test.each(["us-east-1", "eu-west-1", "ap-southeast-7", "il-central-1", "cn-northwest-1", "us-gov-west-1", "us-isob-east-1"])("AWS: %s is a region", (r) =>
    expect(isAwsRegion(r)).toBe(true),
  );

  test.each(["eu-west1", "eu-wset-1", "europe-west1", "eu-west-1a", "EU-WEST-1", "", 1])("AWS: %p is not (typo, other cloud, zone)", (r) => expect(isAwsRegion(r)).toBe(false));

  test.each(["europe-west1", "us-central1", "northamerica-northeast2", "africa-south1"])("Google: %s is a region", (r) => expect(isGcpRegion(r)).toBe(true));

  test.each(["eu-west-1", "europe-west1-b", "europe-west", "us-central"])("Google: %p is not", (r) => expect(isGcpRegion(r)).toBe(false));

  test("the rules describe what they want", () => {
    expect(AWS_REGION.description).toMatch(/^an AWS region name such as eu-west-1/);
    expect(GCP_REGION.description).toMatch(/europe-west1/);
  });

  test.each([
    ["eu-west-1", "aws"],
    ["cn-north-1", "aws-cn"],
    ["us-gov-west-1", "aws-us-gov"],
    ["us-iso-east-1", "aws-iso"],
    ["us-isob-east-1", "aws-iso-b"],
    ["europe-west1", undefined],
  ])("the partition of %s is %p", (region, partition) => expect(awsPartitionOf(region)).toBe(partition));
});
