import type { ITerraformDependable } from "cdktf";
import type { Construct } from "constructs";
import { custom } from "../../core/schema";
import { REQUEST_PATH, REQUEST_PATH_MAX } from "../gcp-limits";

/** What an event source needs of the service it calls (the service construct passes it; no import back). */
export interface CloudRunEventTarget {
  /** The service construct: event resources are created under it. */
  readonly scope: Construct;
  readonly serviceName: string;
  readonly location: string;
  /** The project as given in the props (undefined: the provider's). */
  readonly project?: string;
  /** The service's `run.app` URL (a reference). */
  readonly uri: string;
  /** The service's request timeout, in seconds. */
  readonly timeout: number;
  /** Email of the invoker service account whose OIDC tokens the pushes carry. */
  readonly invokerEmail: string;
  /** The invoker's `run.invoker` grant on the service: pushes wait for it. */
  readonly invokerGrant: ITerraformDependable;
}

/** `<uri><path>`: where a push or a scheduled call goes. */
export function endpoint(target: CloudRunEventTarget, path: string | undefined): string {
  return path === undefined ? target.uri : `${target.uri}${path}`;
}

/** Seconds brought within an API's range (e.g. the service's timeout as an ack deadline). */
export function clampedSeconds(seconds: number, range: { min: number; max: number }): number {
  return Math.min(range.max, Math.max(range.min, seconds));
}

/** The path an event calls (a push endpoint's or a job's): starting with `/`, at most 2048 characters. */
export const REQUEST_PATH_SCHEMA = custom<string>(REQUEST_PATH.description, (c, prop, path) => {
  c.v.check(prop, path as string, REQUEST_PATH);
  if (typeof path === "string" && path.length > REQUEST_PATH_MAX) c.v.fail(prop, `at most ${REQUEST_PATH_MAX} characters`, `${path.length} characters`);
});
