import { LambdaAlias } from "@cdktf/provider-aws/lib/lambda-alias";
import type { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import type { Construct } from "constructs";

/** The alias every trigger, route and permission of a function targets when it has one. */
export const LIVE_ALIAS = "live";

/**
 * The function's `live` alias, created on the version apply publishes first. Where a rollout moves
 * it (`deployment`), Terraform leaves its version and traffic weights to the rollout
 * (`ignore_changes`): later applies publish new versions without moving the alias, and a rollout
 * in progress is never undone by an apply. Otherwise (provisioned concurrency alone) every apply moves
 * it to the version it published.
 */
export function liveAlias(scope: Construct, functionName: string, fn: LambdaFunction, movedByRollout: boolean): LambdaAlias {
  return new LambdaAlias(scope, "LiveAlias", {
    name: LIVE_ALIAS,
    description: movedByRollout
      ? `Version of ${functionName} that serves traffic; moved by npm run rollout (CodeDeploy), never by apply`
      : `Published version of ${functionName} that carries provisioned concurrency`,
    functionName: fn.functionName,
    functionVersion: fn.version,
    lifecycle: movedByRollout ? { ignoreChanges: ["function_version", "routing_config"] } : undefined,
  });
}
