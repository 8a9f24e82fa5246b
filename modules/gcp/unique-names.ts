import type { IConstruct } from "constructs";
import { claimUniqueName } from "../core/unique-names";
import { isUnresolved, type Validator } from "../core/validation";

// Names GCP requires to be unique: a second construct with the same name in one stack would plan
// fine and fail at apply (409 already exists), or both would manage one resource. Claimed per stack
// (see core/unique-names.ts); an explicit project is part of the key, the provider's project is one
// key of its own.

function inProject(project: unknown): string {
  return typeof project === "string" && !isUnresolved(project) ? ` in project ${project}` : "";
}

/**
 * Claims a service account id: one namespace per project for every account the GCP constructs
 * create (each service's runtime account and each deployer).
 */
export function claimServiceAccountId(v: Validator, scope: IConstruct, prop: string, accountId: unknown, project: unknown): void {
  claimUniqueName(v, scope, `service account id${inProject(project)}`, prop, accountId);
}

/** Claims the name of a regional resource (a Cloud Run service, a repository): unique per location and project. */
export function claimLocatedName(v: Validator, scope: IConstruct, kind: string, prop: string, name: unknown, location: unknown, project: unknown): void {
  // Without a known location, two names may well be in different locations: nothing to claim.
  if (typeof location !== "string" || location === "" || isUnresolved(location)) return;
  claimUniqueName(v, scope, `${kind} in ${location}${inProject(project)}`, prop, name);
}
