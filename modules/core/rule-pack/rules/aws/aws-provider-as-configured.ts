import type { Rule, SynthesizedResource } from "../../rule";
import { awsProviderProblems } from "./aws-providers";
import { modelOf } from "./iam-statements";

/** Whether a block is applied by the AWS provider (its type's first word). */
function isAws(resource: SynthesizedResource): boolean {
  return resource.mode !== "module" && resource.type.startsWith("aws_");
}

export const awsProviderAsConfigured: Rule = {
  id: "aws-provider-as-configured",
  title: "The stack applies through the AWS provider its config made",
  checkov: [],
  trivy: [],
  description:
    "A stack's AWS resources apply through one `aws` provider, as config makes it (stacks/aws-provider.ts): `allowed_account_ids` naming exactly the environment's account, a region the environment declares (`aws.region`, `aws.additionalRegions`), and nothing that changes the identity or the endpoints (`assume_role`, `assume_role_with_web_identity`, `profile`, keys, `endpoints`...). A second (aliased) provider, a resource pointed at one (`provider`), or an override of these arguments makes the stack apply as another identity or in another account: reported on the block that uses it (stack-wide problems on the stack's first AWS block), naming the provider and the value. Cannot be suppressed.",
  appliesTo: ["*"],
  check(resource, context) {
    if (!isAws(resource)) return undefined;
    const problems: string[] = [];
    const own = resource.block?.raw.provider;
    if (own !== undefined && own !== "aws" && own !== "${aws}") problems.push(`${resource.address} applies through provider ${JSON.stringify(own)}, not the stack's provider`);
    // Stack-wide problems once, on the stack's first AWS block.
    if (context.resources.find(isAws) === resource) problems.push(...awsProviderProblems(modelOf(resource), context.environment));
    return problems.length > 0 ? problems.join("; ") : undefined;
  },
};
