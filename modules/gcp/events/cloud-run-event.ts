import type { CloudSchedulerJob } from "@cdktf/provider-google/lib/cloud-scheduler-job";
import type { PubsubSubscription } from "@cdktf/provider-google/lib/pubsub-subscription";
import type { IConstruct } from "constructs";
import { list, variants, type TypeOf } from "../../core/schema";
import { claimUniqueName } from "../../core/unique-names";
import { isUnresolved, type Validator } from "../../core/validation";
import { claimLocatedName } from "../unique-names";
import { CLOUD_RUN_SCHEDULE_EVENT_SCHEMA, createSchedulerJob, schedulerJobName } from "./cloud-scheduler-job";
import type { CloudRunEventTarget } from "./cloud-run-event-target";
import { createPubsubSubscription, PUBSUB_EVENT_SCHEMA, subscriptionName } from "./pubsub-push";

export type { CloudRunPubsubEvent } from "./pubsub-push";
export type { CloudRunScheduleEvent } from "./cloud-scheduler-job";

/** The schema of each event type, by `type`. */
const EVENT_SCHEMAS = { pubsub: PUBSUB_EVENT_SCHEMA, schedule: CLOUD_RUN_SCHEDULE_EVENT_SCHEMA } as const;

export const CLOUD_RUN_EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as readonly (keyof typeof EVENT_SCHEMAS)[];

const CLOUD_RUN_EVENT = variants("type", EVENT_SCHEMAS, { expected: "an event { type, ... }" });

/** What calls a Cloud Run service besides HTTP clients: the GCP twin of `ServerlessFunction.events`. */
export type CloudRunEvent = TypeOf<typeof CLOUD_RUN_EVENT>;

/** A service's `events`: a list of event sources, each checked by its type's schema. */
export const CLOUD_RUN_EVENTS = list(CLOUD_RUN_EVENT, { of: `{ type: ${CLOUD_RUN_EVENT_TYPES.map((t) => `"${t}"`).join(" | ")}, ... }` });

/** The names each event's resource gets, in order (a subscription name or a job name). */
export function eventResourceNames(serviceName: string, events: readonly CloudRunEvent[]): string[] {
  const subscriptions = new Set<string>();
  const jobs = new Set<string>();
  return events.map((e) => (e.type === "pubsub" ? subscriptionName(serviceName, e, subscriptions) : schedulerJobName(serviceName, e, jobs)));
}

/**
 * Claims the subscription and job names of a service's events, so two services of a stack cannot
 * both create one. Names are derived from valid settings only: call it on props found valid.
 */
export function claimCloudRunEventNames(
  v: Validator,
  scope: IConstruct,
  service: { serviceName?: unknown; location?: unknown; project?: unknown },
  events: readonly CloudRunEvent[],
): void {
  if (typeof service.serviceName !== "string") return;
  const names = eventResourceNames(service.serviceName, events);
  const project = typeof service.project === "string" && !isUnresolved(service.project) ? ` in project ${service.project}` : "";
  events.forEach((event: CloudRunEvent, i) => {
    if (event.type === "pubsub") claimUniqueName(v, scope, `Pub/Sub subscription name${project}`, `events[${i}]`, names[i]);
    else claimLocatedName(v, scope, "Cloud Scheduler job name", `events[${i}]`, names[i], service.location, service.project);
  });
}

/** Creates each event's subscription or job, all pushing as `target.invokerEmail`. */
export function createCloudRunEvents(target: CloudRunEventTarget, events: readonly CloudRunEvent[]): (PubsubSubscription | CloudSchedulerJob)[] {
  const names = eventResourceNames(target.serviceName, events);
  return events.map((event, i) => (event.type === "pubsub" ? createPubsubSubscription(target, event, names[i]) : createSchedulerJob(target, event, names[i])));
}
