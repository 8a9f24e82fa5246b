import { ENVIRONMENT_CONFIG, loadConfig, validateConfig, type EnvironmentConfig } from "../../config/load";
import { ValidationError, type ValidationProblem } from "../../modules/core/validation";

/**
 * Config refuses unknown keys and `null` at every level, like construct props. The sections' keys
 * come from the config schema (the config types are derived from it): a key added to the schema is
 * covered here without touching the test.
 */

type Json = Record<string, any>;

/** A config with every optional section present (dev's, with a cloud backend), so every level is reached. */
function fullConfig(): Json {
  const config: Json = JSON.parse(JSON.stringify(loadConfig("dev")));
  config.backend = "cloud";
  config.cloud = { organization: "acme", hostname: "app.terraform.io", project: "svc" };
  config.aws.vpc = { vpcId: "vpc-0a1b2c3d", subnetIds: ["subnet-0a1b2c3d"] };
  config.gcp.deployer = { accountId: "svc-dev-deployer", workloadIdentityPrincipals: [] };
  return config;
}

/** Each section: where it is in the config, and its keys. */
const CONFIG = ENVIRONMENT_CONFIG.fields;
const AWS = CONFIG.aws.schema.fields;
const GCP = CONFIG.gcp.schema.fields;
const SECTIONS: [string, readonly string[]][] = [
  ["", ENVIRONMENT_CONFIG.keys],
  ["project", CONFIG.project.schema.keys],
  ["cloud", CONFIG.cloud.schema.keys],
  ["aws", CONFIG.aws.schema.keys],
  ["aws.vpc", AWS.vpc.schema.keys],
  ["aws.functions", AWS.functions.schema.keys],
  ["gcp", CONFIG.gcp.schema.keys],
  ["gcp.repository", GCP.repository.schema.keys],
  ["gcp.services", GCP.services.schema.keys],
  ["gcp.services.frontend", GCP.services.schema.fields.frontend.schema.keys],
  ["gcp.services.backend", GCP.services.schema.fields.backend.schema.keys],
  ["gcp.vpc", GCP.vpc.schema.keys],
  ["gcp.deployer", GCP.deployer.schema.keys],
];

function sectionOf(config: Json, at: string): Json {
  return at === "" ? config : at.split(".").reduce((o, k) => o[k], config);
}

function problems(config: Json): ValidationProblem[] {
  try {
    validateConfig(config as EnvironmentConfig, "config/test");
    return [];
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return [...e.problems];
  }
}

test("the full config used below is valid", () => {
  expect(problems(fullConfig())).toEqual([]);
});

describe.each(SECTIONS)("config section %p", (at, keys) => {
  test("Noncompliance: a misspelt key is refused, not ignored (vpc -> vcp)", () => {
    const config = fullConfig();
    sectionOf(config, at).vcp = { vpcId: "vpc-0a1b2c3d" };
    const prop = at ? `${at}.vcp` : "vcp";
    expect(problems(config)).toEqual([{ path: "config/test", prop, rule: `one of the known props (${keys.join(", ")})`, received: "an unknown prop" }]);
  });

  test.each([...keys])("Noncompliance: %s: null is a ValidationError naming it, never a TypeError", (key) => {
    const config = fullConfig();
    sectionOf(config, at)[key] = null;
    const prop = at ? `${at}.${key}` : key;
    const found = problems(config);
    expect(found.length).toBeGreaterThan(0);
    expect(found.some((p) => p.prop === prop || p.prop.startsWith(`${prop}.`) || p.prop.startsWith(`${prop}[`))).toBe(true);
  });
});

test("Noncompliance: a null section is named as such (aws.vpc: null)", () => {
  const config = fullConfig();
  config.aws.vpc = null;
  expect(problems(config)).toEqual([{ path: "config/test", prop: "aws.vpc", rule: "{ vpcId, subnetIds }", received: null }]);
});

test("Noncompliance: the whole config null or a list", () => {
  expect(problems(null as never)).toEqual([{ path: "config/test", prop: "(config)", rule: expect.stringContaining("an object"), received: null }]);
  expect(problems([] as never)[0].prop).toBe("(config)");
});
