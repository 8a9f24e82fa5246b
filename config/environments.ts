/**
 * The environments are the files: every `config/<env>.ts` but the modules below is one environment,
 * exporting its settings as `export const <env>: EnvironmentFile` (or `export default`). Nothing else
 * lists them: the stacks, the state bootstrap's key prefixes, the tests and the deploy workflow's
 * order all come from here.
 */
import { readdirSync } from "node:fs";
import type { EnvironmentFile } from "./types";

/** The modules of config/ that are not environments. A helper module added to config/ goes here. */
export const SUPPORT_MODULES: ReadonlySet<string> = new Set(["aws-settings", "deployers", "environments", "gcp-settings", "load", "project", "types"]);

/**
 * An environment name: it is part of every resource name, state key, stack name and GitHub job id,
 * so 2 to 12 lowercase letters or digits, starting with a letter.
 */
export const ENVIRONMENT_NAME = /^[a-z][a-z0-9]{1,11}$/;

/** Environment files that cannot be read as environments; the message names each file and the fix. */
export class EnvironmentFileError extends Error {
  public override readonly name = "EnvironmentFileError";
}

/** One discovered environment file. */
export interface DiscoveredEnvironment {
  readonly name: string;
  /** `config/<name>.ts`, for messages. */
  readonly source: string;
  readonly file: EnvironmentFile;
}

/**
 * Reads config/ now (a file added since the last run counts) and requires each environment file.
 * The require names the extension: esbuild (scripts/run-app.js) turns this template into a map of
 * every `config/*.ts` it bundles, jest and tsx resolve it as a path.
 */
export function discoverEnvironments(): DiscoveredEnvironment[] {
  const problems: string[] = [];
  const found: DiscoveredEnvironment[] = [];
  const names = readdirSync(__dirname)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
    .map((f) => f.slice(0, -".ts".length))
    .filter((n) => !SUPPORT_MODULES.has(n))
    .sort();
  for (const name of names) {
    const source = `config/${name}.ts`;
    if (!ENVIRONMENT_NAME.test(name)) {
      problems.push(
        `${source}: an environment's file name must be 2 to 12 lowercase letters or digits starting with a letter (${ENVIRONMENT_NAME}); ` +
          `a helper module that is not an environment belongs in SUPPORT_MODULES (config/environments.ts)`,
      );
      continue;
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(`./${name}.ts`) as Record<string, unknown>;
    const file = (Object.hasOwn(mod, name) ? mod[name] : mod.default) as EnvironmentFile | undefined;
    if (file === undefined || file === null || typeof file !== "object") {
      problems.push(`${source}: must export the environment's settings as \`export const ${name}: EnvironmentFile = { environment: "${name}", ... }\`; exports found: ${JSON.stringify(Object.keys(mod))}`);
      continue;
    }
    found.push({ name, source, file });
  }
  if (problems.length > 0) throw new EnvironmentFileError(`Invalid environment files in config/:\n  ${problems.join("\n  ")}`);
  return promotionOrder(found);
}

/**
 * Environments in deploy order: each after the one it is promoted from (`promotedFrom`), then by
 * name. Refuses a `promotedFrom` that names no environment, itself, or closes a cycle.
 */
export function promotionOrder<T extends { readonly name: string; readonly source: string; readonly file: Pick<EnvironmentFile, "promotedFrom"> }>(
  environments: readonly T[],
): T[] {
  const byName = new Map(environments.map((e) => [e.name, e]));
  const problems: string[] = [];
  for (const e of environments) {
    const from = e.file.promotedFrom;
    if (from === undefined) continue;
    if (typeof from !== "string" || !byName.has(from) || from === e.name) {
      problems.push(`${e.source} promotedFrom: must be another environment (one of ${[...byName.keys()].filter((n) => n !== e.name).join(", ") || "none"}); received ${JSON.stringify(from)}`);
    }
  }
  if (problems.length > 0) throw new EnvironmentFileError(`Invalid environment files in config/:\n  ${problems.join("\n  ")}`);

  const ordered: T[] = [];
  const placed = new Set<string>();
  let remaining = [...environments].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  while (remaining.length > 0) {
    const ready = remaining.filter((e) => e.file.promotedFrom === undefined || placed.has(e.file.promotedFrom));
    if (ready.length === 0) {
      const cycle = remaining.map((e) => `${e.name} <- ${e.file.promotedFrom}`).join(", ");
      throw new EnvironmentFileError(`Invalid environment files in config/:\n  promotedFrom: must not form a cycle; received ${cycle}`);
    }
    // Breadth first: every environment promoted from an already placed one, in name order.
    for (const e of ready) placed.add(e.name);
    ordered.push(...ready);
    remaining = remaining.filter((e) => !placed.has(e.name));
  }
  return ordered;
}
