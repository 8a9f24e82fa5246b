import { TerraformDataSource, TerraformProvider, TerraformResource, TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { stackDeployment } from "./deploy-environment";

/** The providers (by Terraform type: `aws`, `google`) a stack configures. */
export function providersOf(stack: TerraformStack): Set<string> {
  return new Set(stack.node.findAll().filter((c): c is TerraformProvider => c instanceof TerraformProvider).map((p) => p.terraformResourceType));
}

/** The Terraform types a stack's constructs render (`data.<type>` for data sources). */
export function typesOf(stack: TerraformStack): string[] {
  return stack.node.findAll().flatMap((c) => {
    if (TerraformResource.isTerraformResource(c)) return [(c as TerraformResource).terraformResourceType];
    if (TerraformDataSource.isTerraformDataSource(c)) return [`data.${(c as TerraformDataSource).terraformResourceType}`];
    return [];
  });
}

/**
 * The stacks of the app, as created so far, that the deploy workflow deploys with `environment`
 * (their deployment, not their name), configuring `provider` (`aws`, `google`); `except` is the
 * stack asking. A stack that needs its environment's stacks keeps them: a partial synth removes the
 * others from the app.
 */
export function environmentStacks(scope: IConstruct, environment: string, provider: string, except?: TerraformStack): TerraformStack[] {
  return scope.node.root.node
    .findAll()
    .filter((c): c is TerraformStack => TerraformStack.isStack(c) && c !== except)
    .filter((s) => {
      const d = stackDeployment(s);
      return d.kind === "environment" && d.environment === environment && providersOf(s).has(provider);
    });
}
