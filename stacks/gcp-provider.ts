import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import type { Construct } from "constructs";
import type { EnvironmentConfig, GcpEnvironmentConfig } from "../config/load";

/**
 * The labels every resource of an environment carries, set once as provider default labels: the same
 * four facts as the AWS default tags, spelled as GCP label keys (lowercase, `-`).
 */
export function defaultLabels(config: EnvironmentConfig): Record<string, string> {
  return {
    project: config.project.name,
    environment: config.environment,
    "managed-by": "cdktf",
    owner: config.project.owner,
  };
}

/** The Google provider of an environment: its project and region, and the default labels. */
export function googleProvider(scope: Construct, config: EnvironmentConfig, gcp: GcpEnvironmentConfig): GoogleProvider {
  const provider = new GoogleProvider(scope, "google", { project: gcp.projectId, region: gcp.region });
  // cdktf snake-cases every key of a provider block, label keys included (`managed-by` would become
  // `managed_by`): the labels are set by override, which is written as given.
  provider.addOverride("default_labels", defaultLabels(config));
  return provider;
}
