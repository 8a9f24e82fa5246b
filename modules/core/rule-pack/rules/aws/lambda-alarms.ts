import { list } from "../../config";
import type { Rule, RuleContext, SynthesizedResource } from "../../rule";
import { designatesFunction } from "./lambda-references";

export const lambdaAlarms: Rule = {
  id: "lambda-alarms",
  title: "Lambda functions in protected environments are watched",
  checkov: [],
  trivy: [],
  description:
    "In a protected environment (as its config declares it), each `aws_lambda_function` has an `aws_cloudwatch_metric_alarm` on its `Errors` metric (`AWS/Lambda`, dimension `FunctionName` naming it, by its name or a reference) whose `alarm_actions` notify someone and whose actions are not disabled. `ServerlessFunction` creates it (with throttles, duration near the timeout, iterator age, dead-letter and queue alarms) unless its `alarms` turn it off, which in a protected environment takes a `reason`: the reason this finding is accepted with.",
  appliesTo: ["aws_lambda_function"],
  check(fn, context) {
    if (!context.traits.protected) return undefined;
    const alarms = errorAlarms(fn, context);
    if (alarms.some((a) => list(a.config.alarm_actions).length > 0 && a.config.actions_enabled !== false && a.config.actions_enabled !== "false")) return undefined;
    const why = alarms.length > 0 ? `its Errors alarm ${alarms.map((a) => a.address).join(", ")} notifies no one (no alarm_actions, or actions disabled)` : "no alarm watches its Errors metric";
    return `${why}: failures in a protected environment go unnoticed (ServerlessFunction prop alarms, on by default there; or alarms: { enabled: false, reason })`;
  },
};

const indexes = new WeakMap<readonly SynthesizedResource[], SynthesizedResource[]>();

/** The alarms of the stack on the function's `Errors` metric (the stack's Errors alarms are listed once). */
function errorAlarms(fn: SynthesizedResource, context: RuleContext): SynthesizedResource[] {
  let all = indexes.get(context.resources);
  if (!all) {
    all = context.ofType("aws_cloudwatch_metric_alarm").filter((a) => a.config.namespace === "AWS/Lambda" && a.config.metric_name === "Errors");
    indexes.set(context.resources, all);
  }
  return all.filter((a) => designatesFunction((a.config.dimensions as Record<string, unknown> | undefined)?.FunctionName, fn, context));
}
