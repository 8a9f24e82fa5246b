import { ENVIRONMENT_CONFIG, loadConfig, validateConfig, type EnvironmentConfig } from "../../config/load";
import { objectsIn, uncovered } from "../modules/core/schema/unknown-keys";
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
  config.cloud = { organization: "acme", hostname: "app.terraform.io", project: "svc", executionMode: "agent", agentPoolId: "apool-AbCdEf123456", autoApply: false, terraformVersion: "~> 1.11.0" };
  config.aws.vpc = { vpcId: "vpc-0a1b2c3d", subnetIds: ["subnet-0a1b2c3d"] };
  config.aws.additionalRegions = [{ region: "us-east-1", vpc: { vpcId: "vpc-0a1b2c3e", subnetIds: ["subnet-0a1b2c3e"] } }];
  config.gcp.deployer = { accountId: "svc-dev-deployer", workloadIdentityPrincipals: [] };
  return config;
}

/** Each section: where it is in the config (found by walking the full config with its schema), and its keys. */
const SECTIONS: [string, readonly string[]][] = objectsIn(ENVIRONMENT_CONFIG, fullConfig()).map(({ path, schema }) => [path, schema.keys]);

function sectionOf(config: Json, at: string): Json {
  return at.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== "").reduce((o, k) => o[k], config);
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

test("the full config used below is valid, and holds every section of the config schema", () => {
  expect(problems(fullConfig())).toEqual([]);
  expect(uncovered(ENVIRONMENT_CONFIG, [fullConfig()])).toEqual([]);
  expect(SECTIONS.map(([at]) => at)).toEqual(expect.arrayContaining(["", "aws.functions", "aws.additionalRegions[0].vpc", "gcp.services.backend", "gcp.deployer"]));
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
