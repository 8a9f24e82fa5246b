import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { isUnresolved } from "../../core/validation";

/**
 * What the stack's default AWS provider states literally: event sources use it to write source
 * accounts and ARNs at synth (offline plans cannot ask `aws_caller_identity`).
 */
function defaultProvider(scope: Construct): AwsProvider | undefined {
  return TerraformStack.of(scope).node.children.find((c): c is AwsProvider => c instanceof AwsProvider && c.alias === undefined);
}

/** The one account the stack's AWS provider may use (`allowed_account_ids`), when it names one. */
export function providerAccount(scope: Construct): string | undefined {
  const ids = defaultProvider(scope)?.allowedAccountIds;
  return Array.isArray(ids) && ids.length === 1 && typeof ids[0] === "string" && !isUnresolved(ids[0]) ? ids[0] : undefined;
}

/** The stack's region, when its AWS provider states it literally. */
export function providerRegion(scope: Construct): string | undefined {
  const region = defaultProvider(scope)?.region;
  return typeof region === "string" && !isUnresolved(region) ? region : undefined;
}

/** The ARN partition of the stack's region (`aws-cn` in China, `aws-us-gov` in GovCloud). */
export function partitionOf(scope: Construct): string {
  const region = providerRegion(scope);
  if (region?.startsWith("cn-")) return "aws-cn";
  if (region?.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}
