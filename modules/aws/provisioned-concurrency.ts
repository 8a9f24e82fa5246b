import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { LambdaProvisionedConcurrencyConfig } from "@cdktf/provider-aws/lib/lambda-provisioned-concurrency-config";
import type { LambdaAlias } from "@cdktf/provider-aws/lib/lambda-alias";
import type { Construct } from "constructs";
import { LIVE_ALIAS } from "./live-alias";
import { integerBetween } from "../core/rules";
import { either, isObjectValue, object, required, rule, type TypeOf } from "../core/schema";
import { isUnresolved, type Rule } from "../core/validation";

/** Lambda's bounds of provisioned concurrency on one alias (the account's limit is checked by Lambda). */
export const PROVISIONED_CONCURRENCY = { min: 1, max: 100000 } as const;

/** Application Auto Scaling's target for `LambdaProvisionedConcurrencyUtilization`, a fraction of the provisioned concurrency in use. */
const UTILIZATION: Rule<number> = {
  description: "a fraction of the provisioned concurrency in use, from 0.1 to 0.9 (AWS recommends 0.7)",
  test: (v) => typeof v === "number" && v >= 0.1 && v <= 0.9,
};

const COUNT = integerBetween(PROVISIONED_CONCURRENCY.min, PROVISIONED_CONCURRENCY.max);

const AUTO_SCALED = object(
  {
    /** Provisioned concurrency Application Auto Scaling never goes below (and what apply creates). */
    min: required(COUNT),
    /** Provisioned concurrency it never goes above. */
    max: required(COUNT),
    /** The utilization target tracking keeps, e.g. `0.7`: it adds provisioned concurrency above, removes it below. */
    targetUtilization: required(UTILIZATION),
  },
  {
    expected: "{ min, max, targetUtilization }",
    refine(scaling, r) {
      const { min, max } = scaling;
      if (typeof min === "number" && typeof max === "number" && !isUnresolved(min) && !isUnresolved(max) && min > max) {
        r.fail("max", `at least min (${min})`, max);
      }
    },
  },
);

/** Provisioned concurrency that follows the load: Application Auto Scaling target tracking on the `live` alias. */
export interface ProvisionedConcurrencyScaling extends TypeOf<typeof AUTO_SCALED> {}

/** A fixed number of provisioned environments, or a range Application Auto Scaling moves within. */
export const PROVISIONED_CONCURRENCY_SCHEMA = either("an integer from 1 to 100000, or { min, max, targetUtilization }", [
  { when: (v) => typeof v === "number" || isUnresolved(v), schema: rule(COUNT) },
  { when: isObjectValue, schema: AUTO_SCALED.named<ProvisionedConcurrencyScaling>() },
]);

export type ProvisionedConcurrencyProp = TypeOf<typeof PROVISIONED_CONCURRENCY_SCHEMA>;

/** The most provisioned concurrency a setting can reach (to compare with reserved concurrency). */
export function provisionedCeiling(setting: unknown): unknown {
  return isObjectValue(setting) ? setting.max : setting;
}

/**
 * The provisioned concurrency of the function's `live` alias. A number is applied as it is. A range
 * registers the alias with Application Auto Scaling (the service-linked role
 * `AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency`, which AWS creates on first use) with a
 * target tracking policy on `LambdaProvisionedConcurrencyUtilization`; Terraform then creates the
 * configuration at `min` and leaves its value to Application Auto Scaling.
 */
export function bindProvisionedConcurrency(scope: Construct, functionName: string, functionNameRef: string, alias: LambdaAlias, setting: ProvisionedConcurrencyProp): void {
  const scaling = isObjectValue(setting) ? (setting as ProvisionedConcurrencyScaling) : undefined;
  const config = new LambdaProvisionedConcurrencyConfig(scope, "ProvisionedConcurrency", {
    functionName: functionNameRef,
    qualifier: alias.name,
    provisionedConcurrentExecutions: scaling ? scaling.min : (setting as number),
    lifecycle: scaling ? { ignoreChanges: ["provisioned_concurrent_executions"] } : undefined,
  });
  if (!scaling) return;
  const target = new AppautoscalingTarget(scope, "ProvisionedConcurrencyScalingTarget", {
    serviceNamespace: "lambda",
    resourceId: `function:${functionName}:${LIVE_ALIAS}`,
    scalableDimension: "lambda:function:ProvisionedConcurrency",
    minCapacity: scaling.min,
    maxCapacity: scaling.max,
    // The alias and its configuration exist before Application Auto Scaling takes them over.
    dependsOn: [config],
  });
  new AppautoscalingPolicy(scope, "ProvisionedConcurrencyScalingPolicy", {
    name: `${functionName}-${LIVE_ALIAS}-provisioned-concurrency`,
    policyType: "TargetTrackingScaling",
    serviceNamespace: target.serviceNamespace,
    resourceId: target.resourceId,
    scalableDimension: target.scalableDimension,
    targetTrackingScalingPolicyConfiguration: {
      targetValue: scaling.targetUtilization,
      predefinedMetricSpecification: { predefinedMetricType: "LambdaProvisionedConcurrencyUtilization" },
    },
  });
}
