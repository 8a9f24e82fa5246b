import type { CloudRunV2ServiceTemplateContainersLivenessProbe, CloudRunV2ServiceTemplateContainersStartupProbe } from "@cdktf/provider-google/lib/cloud-run-v2-service";
import { integerBetween, matches } from "../core/rules";
import { object, optional, required, type TypeOf } from "../core/schema";
import { CONTAINER_PORT } from "./gcp-limits";

/** Cloud Run's bounds of a probe's period: a startup probe checks every 1 to 240 s, a liveness probe every 1 to 3600 s. */
export const PROBE_PERIOD_SECONDS = { startup: { min: 1, max: 240 }, liveness: { min: 1, max: 3600 } } as const;

const PATH = matches(/^\/[^\s]{0,1023}$/, "an HTTP path starting with / (no spaces), e.g. /healthz");

function probe(kind: keyof typeof PROBE_PERIOD_SECONDS) {
  const period = PROBE_PERIOD_SECONDS[kind];
  return object({
    /** The path Cloud Run requests with GET; any status from 200 to 399 is healthy. */
    path: required(PATH),
    /** The port it requests. @default the container's port */
    port: optional(integerBetween(CONTAINER_PORT.min, CONTAINER_PORT.max)),
    /** Seconds between checks. @default 10 */
    periodSeconds: optional(integerBetween(period.min, period.max, "seconds")),
  });
}

const STARTUP = probe("startup");
const LIVENESS = probe("liveness");

/** An HTTP GET probe of the container. */
export interface CloudRunProbe extends TypeOf<typeof STARTUP> {}
export const STARTUP_PROBE_SCHEMA = STARTUP.named<CloudRunProbe>();
export const LIVENESS_PROBE_SCHEMA = LIVENESS.named<CloudRunProbe>();

/**
 * The probe as Cloud Run takes it. A new revision gets traffic only once its startup probe passes
 * (else it never becomes ready, and `npm run rollout` refuses to shift to it); a failing liveness
 * probe restarts the instance.
 */
export function probeConfig(p: CloudRunProbe): CloudRunV2ServiceTemplateContainersStartupProbe & CloudRunV2ServiceTemplateContainersLivenessProbe {
  // Cloud Run's own timeout (1 s) and failure threshold (3) apply.
  return { httpGet: { path: p.path, port: p.port }, periodSeconds: p.periodSeconds ?? 10 };
}
