import { type CatalogEntry } from "../entry";

/** A scaling policy of an Application Auto Scaling target (target tracking, step). */
export const entry: CatalogEntry = {
  type: "aws_appautoscaling_policy",
  forceNew: ["name", "resource_id", "scalable_dimension", "service_namespace"],
  identity: ["id", "arn", "name", "resource_id", "scalable_dimension", "service_namespace"],
  local: { kind: "inert", why: "every local invocation starts a fresh process: there is no provisioned concurrency to scale" },
};
