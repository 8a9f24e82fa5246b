import type { Config } from "../terraform/blocks";
import { literal, type ProviderFacts } from "./entry";

/** `role/path/name` of an IAM entity (`path` defaults to `/`), when its name is literal text. */
export function name(config: Config, kind: string): string | undefined {
  const n = literal(config, "name");
  if (!n) return undefined;
  const path = literal(config, "path") ?? "/";
  return `${kind}${path}${n}`;
}

/** `prefix + value` when value is known. */
export function prefixed(prefix: string, value: string | undefined): string | undefined {
  return value === undefined ? undefined : `${prefix}${value}`;
}

/** `projects/<project>/locations/<location>/<collection>/<name>` of a regional GCP resource. */
export function gcpName(config: Config, facts: ProviderFacts, collection: string, attribute: string): string | undefined {
  const project = literal(config, "project") ?? facts.project;
  const location = literal(config, "location") ?? literal(config, "region") ?? facts.region;
  const n = literal(config, attribute);
  return project && location && n ? `projects/${project}/locations/${location}/${collection}/${n}` : undefined;
}

/** `projects/<project>/<collection>/<name>` of a GCP resource that belongs to the project, not a region. */
export function gcpProjectName(config: Config, facts: ProviderFacts, collection: string, attribute: string): string | undefined {
  const project = literal(config, "project") ?? facts.project;
  const n = literal(config, attribute);
  return project && n ? `projects/${project}/${collection}/${n}` : undefined;
}
