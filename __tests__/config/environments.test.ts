import { readdirSync } from "node:fs";
import { join } from "node:path";
import { ENVIRONMENT_NAME, SUPPORT_MODULES, promotionOrder } from "../../config/environments";
import { ENVIRONMENTS, loadConfig, validateConfig, type EnvironmentConfig } from "../../config/load";
import { ValidationError, type ValidationProblem } from "../../modules/core/validation";

const env = (name: string, promotedFrom?: string) => ({ name, source: `config/${name}.ts`, file: { promotedFrom } });

describe("discovery: the environments are the files", () => {
  test("ENVIRONMENTS is every config/*.ts but the helper modules", () => {
    const files = readdirSync(join(__dirname, "..", "..", "config"))
      .filter((f) => f.endsWith(".ts"))
      .map((f) => f.slice(0, -3))
      .filter((n) => !SUPPORT_MODULES.has(n));
    expect([...ENVIRONMENTS].sort()).toEqual(files.sort());
    for (const e of ENVIRONMENTS) expect(e).toMatch(ENVIRONMENT_NAME);
  });

  test("each environment loads from its file and says its own name", () => {
    for (const e of ENVIRONMENTS) expect(loadConfig(e).environment).toBe(e);
  });

  test("ENVIRONMENTS is in deploy order: each after the one it is promoted from", () => {
    ENVIRONMENTS.forEach((e, i) => {
      const from = loadConfig(e).promotedFrom;
      if (from !== undefined) expect(ENVIRONMENTS.indexOf(from)).toBeLessThan(i);
    });
  });
});

describe("promotionOrder", () => {
  const names = (list: ReturnType<typeof env>[]) => promotionOrder(list).map((e) => e.name);

  test("a chain, whatever the order of the files", () => {
    expect(names([env("prod", "stg"), env("dev"), env("stg", "dev")])).toEqual(["dev", "stg", "prod"]);
  });

  test("a tree: branches by name, level by level; environments without promotedFrom first, by name", () => {
    expect(names([env("prod", "stg"), env("qa", "dev"), env("stg", "dev"), env("dev"), env("sandbox")])).toEqual(["dev", "sandbox", "qa", "stg", "prod"]);
  });

  test.each([
    ["an unknown environment", [env("dev"), env("stg", "uat")], 'config/stg.ts promotedFrom: must be another environment (one of dev); received "uat"'],
    ["itself", [env("dev", "dev")], 'config/dev.ts promotedFrom: must be another environment (one of none); received "dev"'],
    ["a cycle", [env("a1", "b1"), env("b1", "a1"), env("dev")], "promotedFrom: must not form a cycle; received a1 <- b1, b1 <- a1"],
  ])("refuses promotedFrom naming %s", (_what, list, message) => {
    expect(() => promotionOrder(list)).toThrow(message);
  });
});

describe("validateConfig: promotedFrom and additionalRegions", () => {
  const base = loadConfig(ENVIRONMENTS[0]);
  const problems = (config: unknown): ValidationProblem[] => {
    try {
      validateConfig(config as EnvironmentConfig, "config/test");
      return [];
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return [...e.problems];
    }
  };
  const withAws = (aws: Record<string, unknown>) => ({ ...base, aws: { ...base.aws, ...aws } });

  test("accepts additional regions, with or without their own VPC", () => {
    expect(problems(withAws({ additionalRegions: [{ region: "us-east-1" }, { region: "eu-central-1", vpc: { vpcId: "vpc-0a1b2c3d", subnetIds: ["subnet-0a1b2c3d"] } }] }))).toEqual([]);
  });

  test.each([
    ["not a list", { additionalRegions: "us-east-1" }, "aws.additionalRegions", "a list of { region, vpc? }"],
    ["a bad region", { additionalRegions: [{ region: "US-EAST-1" }] }, "aws.additionalRegions[0].region", /^an AWS region name such as eu-west-1/],
    ["a missing region", { additionalRegions: [{}] }, "aws.additionalRegions[0].region", "set (it is required)"],
    ["the primary region again", { additionalRegions: [{ region: base.aws.region }] }, "aws.additionalRegions[0].region", `a region not already used by the environment (${base.aws.region}): one stack per region`],
    ["a region twice", { additionalRegions: [{ region: "us-east-1" }, { region: "us-east-1" }] }, "aws.additionalRegions[1].region", /^a region not already used/],
    ["a bad regional VPC", { additionalRegions: [{ region: "us-east-1", vpc: { vpcId: "vpc-x", subnetIds: ["subnet-0a1b2c3d"] } }] }, "aws.additionalRegions[0].vpc.vpcId", "a VPC id (vpc-...)"],
    ["a regional VPC without subnets", { additionalRegions: [{ region: "us-east-1", vpc: { vpcId: "vpc-0a1b2c3d", subnetIds: [] } }] }, "aws.additionalRegions[0].vpc.subnetIds", "a non-empty list of subnet ids"],
  ])("refuses %s", (_what, aws, prop, rule) => {
    const found = problems(withAws(aws));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ path: "config/test", prop });
    expect(found[0].rule).toEqual(typeof rule === "string" ? rule : expect.stringMatching(rule));
  });

  test("promotedFrom must name another environment", () => {
    const found = problems({ ...base, promotedFrom: "nosuchenv" });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ prop: "promotedFrom", received: "nosuchenv" });
    expect(found[0].rule).toBe(`one of ${ENVIRONMENTS.filter((e) => e !== base.environment).map((e) => JSON.stringify(e)).join(", ")}`);
    expect(problems({ ...base, promotedFrom: base.environment })[0]).toMatchObject({ prop: "promotedFrom", received: base.environment });
  });
});
