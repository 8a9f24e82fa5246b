import { awsPartitionOf, isAwsRegion } from "./regions";
import type { AwsStackContext } from "./stack-context";
import { forEachString, type Validator } from "./validation";

/**
 * Checks of values Terraform accepts at plan and AWS refuses at apply, made at synth from what the
 * stack knows (`stackContext`): its provider's region and partition.
 */

/** The literal partition, region and service of an ARN (the text before any reference), or undefined. */
export function arnParts(value: string): { partition: string; service?: string; region?: string } | undefined {
  if (typeof value !== "string") return undefined;
  const known = value.split("${")[0];
  if (!known.startsWith("arn:")) return undefined;
  const segments = known.split(":");
  // A segment is known only when the text goes on after it (a reference may be cut in the middle).
  const at = (i: number) => (segments.length > i + 1 ? segments[i] : undefined);
  const partition = at(1);
  return partition === undefined ? undefined : { partition, service: at(2), region: at(3) };
}

/**
 * Every ARN written in `props` (however deep) must be of the provider's partition (an `arn:aws:`
 * ARN in a stack whose provider is in `cn-north-1`, partition `aws-cn`, is refused by IAM and by
 * every service at apply) and name a valid region, when it names one.
 */
export function checkArns(v: Validator, props: unknown, aws: AwsStackContext | undefined): void {
  forEachString("", props, (at, text) => {
    const arn = arnParts(text);
    if (!arn || /[*?]/.test(arn.partition)) return;
    if (aws?.partition !== undefined && arn.partition !== aws.partition) {
      v.fail(at, `an ARN of the partition ${aws.partition}, where the stack's provider region ${aws.region} is (arn:${aws.partition}:...)`, text);
    } else if (!["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f"].includes(arn.partition)) {
      v.fail(at, "an ARN of an AWS partition (arn:aws:, arn:aws-cn:, arn:aws-us-gov:...)", text);
    } else if (arn.region && !/[*?]/.test(arn.region) && (!isAwsRegion(arn.region) || awsPartitionOf(arn.region) !== arn.partition)) {
      v.fail(at, `an ARN whose region is an AWS region of the partition ${arn.partition} (such as eu-west-1)`, text);
    }
  });
}

/**
 * Refuses an ARN (or image URI) of another region than the provider's, for resources AWS uses only
 * in their own region: layers, ECR images, KMS keys. `region` is what the value names.
 */
export function checkSameRegion(v: Validator, prop: string, value: unknown, region: string | undefined, aws: AwsStackContext | undefined, what: string): void {
  if (region === undefined || aws?.region === undefined || region === aws.region) return;
  v.fail(prop, `${what} in the stack's provider region ${aws.region} (AWS uses it only in its own region; received one of ${region})`, value);
}

/** The region of an ARN, when it is literal. */
export function arnRegion(value: unknown): string | undefined {
  return typeof value === "string" ? arnParts(value)?.region || undefined : undefined;
}

/** The region of an ECR image URI (`<account>.dkr.ecr.<region>.amazonaws.com/...`), when it is literal. */
export function ecrImageRegion(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  return /^\d{12}\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com/.exec(value.split("${")[0])?.[1];
}
