import type { CloudRunV2Service, CloudRunV2ServiceTraffic } from "@cdktf/provider-google/lib/cloud-run-v2-service";
import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { integerBetween, matches } from "../core/rules";
import { object, optional, required, type TypeOf } from "../core/schema";
import { CLOUD_RUN_ROLLOUT_KIND, type CloudRunRolloutOutput } from "../core/rollout-outputs";

/** A revision tag: a DNS label Cloud Run puts in front of the service's URL (`https://<tag>---<service>-...run.app`). */
const TAG = matches(/^[a-z]([-a-z0-9]{0,44}[a-z0-9])?$/, "a tag of 1 to 46 lowercase letters, digits or - (starting with a letter, not ending with -)");

const ROLLOUT = object({
  /** Percent of the traffic the new revision gets when `npm run rollout` shifts it; the previous revision keeps the rest. 100 moves all of it. */
  percent: required(integerBetween(1, 100, "percent")),
  /** A tag on the new revision, so it can be called alone at `https://<tag>---<service host>` before it gets more traffic. @default none */
  tag: optional(TAG),
});

/**
 * Gradual delivery of a Cloud Run service: apply creates new revisions and leaves traffic where it is;
 * `npm run rollout` gives the newest ready revision `percent` of it (`--promote` all of it, `--rollback`
 * none). See docs/delivery.md.
 */
export interface CloudRunRollout extends TypeOf<typeof ROLLOUT> {}
export const CLOUD_RUN_ROLLOUT_SCHEMA = ROLLOUT.named<CloudRunRollout>();

/**
 * The traffic a service is created with: all of it on the latest revision. With a rollout, Terraform
 * then ignores traffic: the rollout pins it to named revisions, so a revision a later apply creates
 * gets none until the rollout gives it some.
 */
export const INITIAL_TRAFFIC: CloudRunV2ServiceTraffic[] = [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent: 100 }];

/**
 * What `npm run rollout` reads to shift the service's traffic: its name and location as given, its
 * project as given or, when the provider's is used, as the service reports it.
 */
export function rolloutOutput(scope: Construct, service: CloudRunV2Service, props: { readonly serviceName: string; readonly location: string; readonly project?: string }, rollout: CloudRunRollout): TerraformOutput {
  return new TerraformOutput(scope, "Rollout", {
    description: `What npm run rollout reads to shift the traffic of Cloud Run service ${props.serviceName} to its newest revision`,
    value: {
      kind: CLOUD_RUN_ROLLOUT_KIND,
      service: props.serviceName,
      location: props.location,
      project: props.project ?? service.project,
      percent: rollout.percent,
      tag: rollout.tag ?? "",
    } satisfies CloudRunRolloutOutput,
  });
}
