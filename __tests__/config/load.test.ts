import { deployerTraits } from "../../config/deployers";
import { ENVIRONMENTS, loadConfig, validateConfig, type EnvironmentConfig, type EnvironmentName } from "../../config/load";
import { environmentTraits, UNDECLARED_ENVIRONMENT } from "../../modules/core/environment-traits";
import { ValidationError, type ValidationProblem } from "../../modules/core/validation";

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

/** A deep copy of dev's validated config, AWS side only, for each test to break in one place. */
function devConfig(): Mutable<EnvironmentConfig> {
  const { gcp: _gcp, ...rest } = loadConfig("dev");
  return JSON.parse(JSON.stringify(rest));
}

function problems(config: unknown, source = "config/test"): ValidationProblem[] {
  try {
    validateConfig(config as EnvironmentConfig, source);
    return [];
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return [...e.problems];
  }
}

/** Asserts one problem naming the source, the field, the rule and the value received. */
function refused(change: (c: Mutable<EnvironmentConfig>) => void, prop: string, rule: string | RegExp, received: unknown): void {
  const config = devConfig();
  change(config);
  const found = problems(config);
  expect(found).toHaveLength(1);
  expect(found[0]).toMatchObject({ path: "config/test", prop, received });
  expect(found[0].rule).toEqual(typeof rule === "string" ? rule : expect.stringMatching(rule));
  let message = "";
  try {
    validateConfig(config as EnvironmentConfig, "config/test");
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message).toContain("Invalid config at config/test");
  expect(message).toContain(`[config/test] ${prop}: must be ${found[0].rule}; received ${received === undefined ? "undefined" : JSON.stringify(received)}`);
}

describe("loadConfig", () => {
  test.each(ENVIRONMENTS.map((e) => [e]))("loads and validates %s", (env) => {
    const config = loadConfig(env);
    expect(config.environment).toBe(env);
    expect(config.project).toEqual({ name: "svc", owner: "platform-team", repository: "acme/svc-serverless" });
    expect(config.aws.accountId).toMatch(/^\d{12}$/);
  });

  test("each environment has its own AWS account", () => {
    const accounts = ENVIRONMENTS.map((e) => loadConfig(e).aws.accountId);
    expect(new Set(accounts).size).toBe(ENVIRONMENTS.length);
  });

  test("the API's function timeout stays within API Gateway's 30 seconds everywhere", () => {
    for (const env of ENVIRONMENTS) expect(loadConfig(env).aws.functions.timeout).toBeLessThanOrEqual(30);
  });

  test("an environment without a file is refused, naming the environments that have one", () => {
    expect(() => loadConfig("nosuchenv" as EnvironmentName)).toThrow(ValidationError);
    expect(() => loadConfig("nosuchenv" as EnvironmentName)).toThrow(`environment: must be one of ${ENVIRONMENTS.join(", ")} (a config/<env>.ts file); received "nosuchenv"`);
  });

  test.each(["toString", "constructor", "__proto__", "load", "types", "environments"])("%s is not an environment (an Object member or a config module)", (name) => {
    expect(() => loadConfig(name as EnvironmentName)).toThrow(`environment: must be one of ${ENVIRONMENTS.join(", ")} (a config/<env>.ts file); received "${name}"`);
  });

  test("an environment file that declares another environment is refused", () => {
    const [first, second] = ENVIRONMENTS;
    jest.isolateModules(() => {
      jest.doMock(`../../config/${first}`, () => ({ [first]: { ...jest.requireActual(`../../config/${second}`)[second], promotedFrom: undefined } }));
      const isolated = jest.requireActual("../../config/load") as typeof import("../../config/load");
      expect(() => isolated.loadConfig(first)).toThrow(`[config/${first}] environment: must be "${first}" (the name of its file); received "${second}"`);
    });
    jest.dontMock(`../../config/${first}`);
  });
});

describe("validateConfig: accepted", () => {
  test("returns the config it was given", () => {
    const config = devConfig();
    expect(validateConfig(config as EnvironmentConfig, "config/test")).toBe(config);
  });

  test("GovCloud and ISO regions", () => {
    const config = devConfig();
    config.aws.region = "us-gov-west-1";
    config.aws.stateRegion = "us-iso-east-1";
    expect(problems(config)).toEqual([]);
  });

  test("a VPC with subnets, and no VPC at all", () => {
    const config = devConfig();
    config.aws.vpc = { vpcId: "vpc-0a1b2c3d4e5f60002", subnetIds: ["subnet-0a1b2c3d", "subnet-0a1b2c3d4e5f60021"] };
    expect(problems(config)).toEqual([]);
    delete config.aws.vpc;
    expect(problems(config)).toEqual([]);
  });
});

describe("validateConfig: refusals, one rule each", () => {
  test("an 11-digit account id", () => {
    refused((c) => (c.aws.accountId = "11111111111"), "aws.accountId", "a 12-digit AWS account id", "11111111111");
  });

  test("an account id with letters", () => {
    refused((c) => (c.aws.accountId = "11111111111a"), "aws.accountId", "a 12-digit AWS account id", "11111111111a");
  });

  test("a missing account id", () => {
    refused((c) => delete (c.aws as Partial<typeof c.aws>).accountId, "aws.accountId", "set (it is required)", undefined);
  });

  test("a state account id that is not 12 digits is refused", () => {
    refused((c) => ((c.aws as { stateAccountId?: string }).stateAccountId = "4444"), "aws.stateAccountId", "a 12-digit AWS account id", "4444");
  });

  test("a bad region", () => {
    refused((c) => (c.aws.region = "eu-west"), "aws.region", "an AWS region name such as eu-west-1 (<area>-<direction>-<number>: us-east-1, cn-north-1, us-gov-west-1...)", "eu-west");
  });

  test("a region with uppercase", () => {
    refused((c) => (c.aws.region = "EU-WEST-1"), "aws.region", "an AWS region name such as eu-west-1 (<area>-<direction>-<number>: us-east-1, cn-north-1, us-gov-west-1...)", "EU-WEST-1");
  });

  test("a missing state bucket", () => {
    refused((c) => delete (c.aws as Partial<typeof c.aws>).stateBucket, "aws.stateBucket", "set (it is required)", undefined);
  });

  test("a state bucket with uppercase", () => {
    refused((c) => (c.aws.stateBucket = "Svc-State"), "aws.stateBucket", /S3 bucket naming rules/, "Svc-State");
  });

  test("a state bucket in IP address form", () => {
    refused((c) => (c.aws.stateBucket = "10.0.0.1"), "aws.stateBucket", /S3 bucket naming rules/, "10.0.0.1");
  });

  test("a state bucket with two dots in a row", () => {
    refused((c) => (c.aws.stateBucket = "svc..state"), "aws.stateBucket", /S3 bucket naming rules/, "svc..state");
  });

  test("a bad state region", () => {
    refused((c) => (c.aws.stateRegion = "europe"), "aws.stateRegion", "an AWS region name such as eu-west-1 (<area>-<direction>-<number>: us-east-1, cn-north-1, us-gov-west-1...)", "europe");
  });

  test("log retention 13", () => {
    refused((c) => (c.aws.logRetentionDays = 13), "aws.logRetentionDays", /^one of 1, 3, 5, 7, 14/, 13);
  });

  test("a bad VPC id", () => {
    refused((c) => (c.aws.vpc = { vpcId: "vpc-main", subnetIds: ["subnet-0a1b2c3d"] }), "aws.vpc.vpcId", "a VPC id (vpc-...)", "vpc-main");
  });

  test("a VPC without subnets", () => {
    refused((c) => (c.aws.vpc = { vpcId: "vpc-0a1b2c3d", subnetIds: [] }), "aws.vpc.subnetIds", "a non-empty list of subnet ids", []);
  });

  test("a bad subnet id", () => {
    refused((c) => (c.aws.vpc = { vpcId: "vpc-0a1b2c3d", subnetIds: ["subnet-1"] }), "aws.vpc.subnetIds[0]", "a subnet id (subnet-...)", "subnet-1");
  });

  test("missing function defaults", () => {
    refused(
      (c) => delete (c.aws as Partial<typeof c.aws>).functions,
      "aws.functions",
      "the function defaults { memorySize, timeout, tracing, deadLetterQueue, reservedConcurrency? }",
      undefined,
    );
  });

  test("function memory 64", () => {
    refused((c) => (c.aws.functions.memorySize = 64), "aws.functions.memorySize", "an integer from 128 to 10240 MB", 64);
  });

  test("function timeout 31 (the API answers within 30)", () => {
    refused((c) => (c.aws.functions.timeout = 31), "aws.functions.timeout", "an integer from 1 to 30 seconds (the API answers within 30)", 31);
  });

  test("tracing that is not a boolean", () => {
    refused((c) => ((c.aws.functions as { tracing: unknown }).tracing = "yes"), "aws.functions.tracing", "true or false", "yes");
  });

  test("deadLetterQueue that is not a boolean", () => {
    refused((c) => ((c.aws.functions as { deadLetterQueue: unknown }).deadLetterQueue = 0), "aws.functions.deadLetterQueue", "true or false", 0);
  });

  test("negative reserved concurrency", () => {
    refused((c) => (c.aws.functions.reservedConcurrency = -1), "aws.functions.reservedConcurrency", "an integer from 0 to 100000", -1);
  });

  test("a CORS origin with a path", () => {
    refused((c) => (c.aws.corsAllowOrigins = ["https://app.example.com/login"]), "aws.corsAllowOrigins[0]", "an origin such as https://app.example.com", "https://app.example.com/login");
  });

  test("a CORS origin *", () => {
    refused((c) => (c.aws.corsAllowOrigins = ["*"]), "aws.corsAllowOrigins[0]", "an origin such as https://app.example.com", "*");
  });

  test("a bad project name", () => {
    refused((c) => (c.project.name = "Svc"), "project.name", /^3 to 16 lowercase letters/, "Svc");
  });

  test("an owner that cannot be a tag value", () => {
    refused((c) => (c.project.owner = "team;drop"), "project.owner", "a tag value naming the owning team", "team;drop");
  });

  test("an unknown environment name", () => {
    refused((c) => ((c as { environment: string }).environment = "nosuchenv"), "environment", `one of ${ENVIRONMENTS.map((e) => JSON.stringify(e)).join(", ")}`, "nosuchenv");
  });

  test("a missing environment name", () => {
    refused((c) => delete (c as Partial<typeof c>).environment, "environment", "set (it is required)", undefined);
  });

  test("missing AWS settings", () => {
    const config = devConfig();
    delete (config as Partial<typeof config>).aws;
    expect(problems(config).map((p) => p.prop)).toEqual(["aws"]);
  });
});

describe("validateConfig: reporting", () => {
  test("every problem of one file is reported together, naming the file", () => {
    const config = devConfig();
    config.aws.accountId = "11111111111";
    config.aws.region = "nowhere";
    delete (config.aws as Partial<typeof config.aws>).stateBucket;
    config.aws.functions.timeout = 31;
    let error: ValidationError | undefined;
    try {
      validateConfig(config as EnvironmentConfig, "config/dev");
    } catch (e) {
      error = e as ValidationError;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(error!.problems.map((p) => p.prop)).toEqual(["aws.region", "aws.accountId", "aws.stateBucket", "aws.functions.timeout"]);
    expect(error!.message).toMatch(/^Invalid config at config\/dev \(4 problems\):/);
  });
});

describe("environment traits: declared by each file, not read from its name", () => {
  test("today's environments keep today's behaviour: dev warns and is not protected, stg fails on findings, prod is protected", () => {
    const traits = Object.fromEntries(["dev", "stg", "prod"].map((e) => [e, (({ protected: p, rulePackSeverity }) => ({ protected: p, rulePackSeverity }))(loadConfig(e))]));
    expect(traits).toEqual({
      dev: { protected: false, rulePackSeverity: "warn" },
      stg: { protected: false, rulePackSeverity: undefined },
      prod: { protected: true, rulePackSeverity: undefined },
    });
  });

  test.each(ENVIRONMENTS.map((e) => [e]))("loading %s declares its traits (rulePackSeverity defaults to error), its deployers included", (env) => {
    const config = loadConfig(env);
    expect(environmentTraits(env)).toEqual({ protected: config.protected, rulePackSeverity: config.rulePackSeverity ?? "error", deployer: deployerTraits(config) });
    expect(environmentTraits(env).deployer).toEqual({
      accountId: config.aws.accountId,
      namePrefix: `svc-${env}-`,
      namePath: `svc/${env}/`,
      permissionsBoundaryArn: `arn:aws:iam::${config.aws.accountId}:policy/deployer/svc-${env}-permissions-boundary`,
      deployerRoleArns: [`arn:aws:iam::${config.aws.accountId}:role/deployer/svc-${env}-github-plan`, `arn:aws:iam::${config.aws.accountId}:role/deployer/svc-${env}-github-apply`],
      github: { repository: "acme/svc-serverless" },
    });
  });

  test("an environment no config declared gets the strictest traits", () => {
    expect(environmentTraits("nosuchenv")).toEqual(UNDECLARED_ENVIRONMENT);
  });

  test("a file that does not say whether it is protected is refused (a copied file must say it)", () => {
    refused((c) => delete (c as Partial<typeof c>).protected, "protected", "set (it is required)", undefined);
    refused((c) => ((c as { protected: unknown }).protected = "yes"), "protected", "true or false", "yes");
  });

  test("rulePackSeverity is error or warn", () => {
    refused((c) => ((c as { rulePackSeverity: unknown }).rulePackSeverity = "info"), "rulePackSeverity", 'one of "error", "warn"', "info");
  });

  test("a file copied from another environment declares the copy's traits, whatever its name", () => {
    const [first, second] = ENVIRONMENTS;
    jest.isolateModules(() => {
      const copied = { ...jest.requireActual(`../../config/${second}`)[second], environment: first, promotedFrom: undefined, protected: true, rulePackSeverity: "error" };
      jest.doMock(`../../config/${first}`, () => ({ [first]: copied }));
      const isolated = jest.requireActual("../../config/load") as typeof import("../../config/load");
      const traits = jest.requireActual("../../modules/core/environment-traits") as typeof import("../../modules/core/environment-traits");
      isolated.loadConfig(first);
      expect(traits.environmentTraits(first)).toEqual(expect.objectContaining({ protected: true, rulePackSeverity: "error" }));
      // Its deployers are the copy's: its name, in the account the copied file names.
      expect(traits.environmentTraits(first).deployer).toEqual(expect.objectContaining({ namePrefix: `svc-${first}-`, accountId: copied.aws.accountId }));
    });
    jest.dontMock(`../../config/${first}`);
  });
});
