import { arnRegion, checkArns, checkSameRegion } from "../core/apply-time";
import type { Refinement } from "../core/schema";
import { checkAgainstStack } from "../core/stack-context";

/**
 * What a construct that keeps data at rest checks against its stack's AWS provider: its literal
 * ARNs are in the stack's partition and account, and its customer-managed key (`kmsKeyArn`) is in
 * the stack's region (KMS keys are regional: another region's key fails at apply).
 */
export function checkAgainstAwsStack(r: Refinement, props: { readonly kmsKeyArn?: string }): void {
  if (!r.scope) return;
  checkAgainstStack(r.v, r.scope, "aws", r.kind, (v, { aws }) => {
    checkArns(v, props, aws);
    checkSameRegion(v, "kmsKeyArn", props.kmsKeyArn, arnRegion(props.kmsKeyArn), aws, "a KMS key");
  }, r.context("aws"));
}
