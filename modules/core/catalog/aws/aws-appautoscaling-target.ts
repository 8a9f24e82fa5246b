import { type CatalogEntry } from "../entry";

/** What Application Auto Scaling scales (here: the provisioned concurrency of a Lambda alias). */
export const entry: CatalogEntry = {
  type: "aws_appautoscaling_target",
  forceNew: ["resource_id", "scalable_dimension", "service_namespace"],
  identity: ["id", "arn", "resource_id", "scalable_dimension", "service_namespace"],
  // The role Application Auto Scaling acts as (its service-linked role when unset).
  grants: [{ kind: "policy-attachment", attributes: ["role_arn"] }],
  local: { kind: "inert", why: "every local invocation starts a fresh process: there is no provisioned concurrency to scale" },
};
