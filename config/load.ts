import { declareEnvironment } from "../modules/core/environment-traits";
import { Validator } from "../modules/core/validation";
import { deployerTraits } from "./deployers";
import { discoverEnvironments } from "./environments";
import { project } from "./project";
import { environmentConfigSchema, type EnvironmentConfig, type EnvironmentFile, type EnvironmentName } from "./types";

export * from "./types";

const DISCOVERED = discoverEnvironments();
const FILES: ReadonlyMap<EnvironmentName, EnvironmentFile> = new Map(DISCOVERED.map((e) => [e.name, e.file]));

/** Every environment, one per `config/<env>.ts`, in deploy order (each after the one it is promoted from). */
export const ENVIRONMENTS: readonly EnvironmentName[] = DISCOVERED.map((e) => e.name);

/** The schema of the environments' settings: `environment` and `promotedFrom` name one of `ENVIRONMENTS`. */
export const ENVIRONMENT_CONFIG = environmentConfigSchema(ENVIRONMENTS);

/**
 * The validated settings of one environment. Throws a ValidationError naming every bad field.
 * Declares the environment's traits (`protected`, `rulePackSeverity`) and its AWS account and regions
 * for what reads them by name (the rule pack: a stack whose provider targets this account gets its traits).
 */
export function loadConfig(environment: EnvironmentName): EnvironmentConfig {
  const file = FILES.get(environment);
  if (file === undefined) {
    new Validator("config", "config").fail("environment", `one of ${ENVIRONMENTS.join(", ")} (a config/<env>.ts file)`, environment).throwIfInvalid();
  }
  const config = validateConfig({ ...file!, project }, `config/${environment}`, environment);
  declareConfig(config);
  return config;
}

/**
 * Declares what a validated config says its environment is (`protected`, `rulePackSeverity`, its
 * deployers): `loadConfig` does it for every `config/<env>.ts`; an app (or a test) that builds
 * stacks from a config of its own declares it the same way, so the rule pack judges them by it.
 */
export function declareConfig(config: EnvironmentConfig): void {
  declareEnvironment(
    config.environment,
    { protected: config.protected, rulePackSeverity: config.rulePackSeverity ?? "error", deployer: deployerTraits(config) },
    // The state account and region are the environment's too: the bootstrap stack applies there.
    {
      awsAccountIds: [config.aws.accountId, ...(config.aws.stateAccountId ? [config.aws.stateAccountId] : [])],
      awsRegions: [config.aws.region, ...(config.aws.additionalRegions ?? []).map((r) => r.region), config.aws.stateRegion],
    },
  );
}

/**
 * Validates a whole environment config (exported so tests and other apps can check their own).
 * With `expectedEnvironment`, the config must also declare that environment (the name of its file).
 */
export function validateConfig(config: EnvironmentConfig, source: string, expectedEnvironment?: EnvironmentName): EnvironmentConfig {
  const v = new Validator(ENVIRONMENT_CONFIG.name, source);
  ENVIRONMENT_CONFIG.checkRoot(v, config);
  if (expectedEnvironment !== undefined && config.environment !== undefined && config.environment !== expectedEnvironment) {
    // A file copied from another environment would name stacks and state keys after that one.
    v.fail("environment", `"${expectedEnvironment}" (the name of its file)`, config.environment);
  }
  v.throwIfInvalid();
  return config;
}
