import { LOG_RETENTION_DAYS, MEMORY_MB, TIMEOUT_SECONDS } from "../modules/aws/lambda-limits";
import { S3_BUCKET_NAME } from "../modules/aws/s3-bucket-name";
import { declareEnvironment } from "../modules/core/environment-traits";
import { booleanValue, integerBetween, matches, oneOf } from "../modules/core/rules";
import { Validator } from "../modules/core/validation";
import { discoverEnvironments } from "./environments";
import { validateGcpConfig } from "./gcp-validation";
import { AWS_CONFIG_KEYS, AWS_FUNCTION_DEFAULTS_KEYS, ENVIRONMENT_CONFIG_KEYS, HCP_TERRAFORM_CONFIG_KEYS, PROJECT_CONFIG_KEYS } from "./keys";
import { project } from "./project";
import { AWS_REGION } from "../modules/core/regions";
import { validateRegions, validateVpc } from "./region-validation";
import type { EnvironmentConfig, EnvironmentFile, EnvironmentName, ProjectConfig } from "./types";

export * from "./types";

const DISCOVERED = discoverEnvironments();
const FILES: ReadonlyMap<EnvironmentName, EnvironmentFile> = new Map(DISCOVERED.map((e) => [e.name, e.file]));

/** Every environment, one per `config/<env>.ts`, in deploy order (each after the one it is promoted from). */
export const ENVIRONMENTS: readonly EnvironmentName[] = DISCOVERED.map((e) => e.name);

export const ACCOUNT_ID = matches(/^\d{12}$/, "a 12-digit AWS account id");
export { AWS_REGION };
const PROJECT_NAME = matches(/^[a-z][a-z0-9-]{1,14}[a-z0-9]$/, "3 to 16 lowercase letters, digits or -, starting with a letter");

/** The validated settings of one environment. Throws a ValidationError naming every bad field. */
export function loadConfig(environment: EnvironmentName): EnvironmentConfig {
  const file = FILES.get(environment);
  if (file === undefined) {
    new Validator("config", "config").fail("environment", `one of ${ENVIRONMENTS.join(", ")} (a config/<env>.ts file)`, environment).throwIfInvalid();
  }
  const config = validateConfig({ ...file!, project }, `config/${environment}`, environment);
  // Until the environment files declare their traits, the behaviour they had: dev warns, prod is protected.
  declareEnvironment(environment, { protected: environment === "prod", rulePackSeverity: environment === "dev" ? "warn" : "error" });
  return config;
}

/**
 * Validates a whole environment config (exported so tests and other apps can check their own).
 * With `expectedEnvironment`, the config must also declare that environment (the name of its file).
 */
export function validateConfig(config: EnvironmentConfig, source: string, expectedEnvironment?: EnvironmentName): EnvironmentConfig {
  const v = new Validator("config", source);
  if (config === null || typeof config !== "object" || Array.isArray(config)) {
    v.fail("(config)", "an object { environment, aws, gcp?, backend?, cloud? }", config);
    v.throwIfInvalid();
  }
  v.onlyKnownKeys("", config, ENVIRONMENT_CONFIG_KEYS);
  validateProject(v, config.project);
  v.required("environment", config.environment).check("environment", config.environment, oneOf(ENVIRONMENTS));
  if (expectedEnvironment !== undefined && config.environment !== undefined && config.environment !== expectedEnvironment) {
    // A file copied from another environment would name stacks and state keys after that one.
    v.fail("environment", `"${expectedEnvironment}" (the name of its file)`, config.environment);
  }
  v.check("promotedFrom", config.promotedFrom, oneOf(ENVIRONMENTS.filter((e) => e !== config.environment)));
  validateBackend(v, config);
  const aws = config.aws;
  if (!v.object("aws", aws, AWS_CONFIG_KEYS, "the AWS settings of the environment")) {
    if (aws === undefined) v.fail("aws", "the AWS settings of the environment", aws);
    v.throwIfInvalid();
  }
  v.required("aws.region", aws.region).check("aws.region", aws.region, AWS_REGION);
  v.required("aws.accountId", aws.accountId).check("aws.accountId", aws.accountId, ACCOUNT_ID);
  v.required("aws.stateBucket", aws.stateBucket).check("aws.stateBucket", aws.stateBucket, S3_BUCKET_NAME);
  v.required("aws.stateRegion", aws.stateRegion).check("aws.stateRegion", aws.stateRegion, AWS_REGION);
  v.check("aws.stateAccountId", aws.stateAccountId, ACCOUNT_ID);
  v.required("aws.logRetentionDays", aws.logRetentionDays).check("aws.logRetentionDays", aws.logRetentionDays, oneOf<number>(LOG_RETENTION_DAYS));
  validateVpc(v, "aws.vpc", aws.vpc);
  const fn = aws.functions;
  const fnRule = "the function defaults { memorySize, timeout, tracing, deadLetterQueue, reservedConcurrency? }";
  if (fn === undefined) v.fail("aws.functions", fnRule, fn);
  else if (v.object("aws.functions", fn, AWS_FUNCTION_DEFAULTS_KEYS, fnRule)) {
    v.required("aws.functions.memorySize", fn.memorySize).check("aws.functions.memorySize", fn.memorySize, integerBetween(MEMORY_MB.min, MEMORY_MB.max, "MB"));
    v.required("aws.functions.timeout", fn.timeout).check("aws.functions.timeout", fn.timeout, integerBetween(TIMEOUT_SECONDS.min, 30, "seconds (the API answers within 30)"));
    v.required("aws.functions.tracing", fn.tracing).check("aws.functions.tracing", fn.tracing, booleanValue);
    v.required("aws.functions.deadLetterQueue", fn.deadLetterQueue).check("aws.functions.deadLetterQueue", fn.deadLetterQueue, booleanValue);
    v.check("aws.functions.reservedConcurrency", fn.reservedConcurrency, integerBetween(0, 100000));
  }
  v.list("aws.corsAllowOrigins", aws.corsAllowOrigins, { of: "origins", item: matches(/^https?:\/\/[^\s/*]+$/, "an origin such as https://app.example.com") });
  validateRegions(v, aws);
  validateGcpConfig(v, config.gcp, config.project);
  v.throwIfInvalid();
  return config;
}

function validateProject(v: Validator, p: ProjectConfig): void {
  v.object("project", p, PROJECT_CONFIG_KEYS, "{ name, owner }");
  v.required("project.name", p?.name).check("project.name", p?.name, PROJECT_NAME);
  v.required("project.owner", p?.owner).check("project.owner", p?.owner, matches(/^[\p{L}\p{N}_.:/=+@ -]{1,256}$/u, "a tag value naming the owning team"));
}

function validateBackend(v: Validator, config: EnvironmentConfig): void {
  v.check("backend", config.backend, oneOf(["remote", "cloud"] as const));
  if (config.backend === "cloud") {
    const cloud = config.cloud;
    v.object("cloud", cloud, HCP_TERRAFORM_CONFIG_KEYS, "{ organization, hostname?, project? }");
    v.required("cloud.organization", cloud?.organization).check(
      "cloud.organization",
      cloud?.organization,
      matches(/^[A-Za-z0-9_-]{3,40}$/, "an HCP Terraform organization name (3 to 40 letters, digits, - or _)"),
    );
    v.check("cloud.hostname", cloud?.hostname, matches(/^[a-z0-9.-]+\.[a-z]{2,}$/, "a host name such as app.terraform.io"));
    v.check("cloud.project", cloud?.project, matches(/^[A-Za-z0-9 _-]{3,40}$/, "an HCP Terraform project name"));
  } else if (config.cloud !== undefined) {
    v.fail("cloud", 'unset unless backend is "cloud"', config.cloud);
  }
}
