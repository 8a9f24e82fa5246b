import { App, TerraformStack } from "cdktf";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { declareEnvironment, type DeployerTraits } from "../../../../modules/core/environment-traits";
import { RulePack, type Finding, type RulePackOptions } from "../../../../modules/core/rule-pack";
import type { Rule } from "../../../../modules/core/rule-pack/rule";

/**
 * The environments the cases name, declared as a config would: dev warns and is not protected, prod
 * fails on findings and protects what it holds. Any other name (stg here) is one no config
 * declares: the strictest, like prod.
 */
export function declareTestEnvironments(): void {
  declareEnvironment("dev", { protected: false, rulePackSeverity: "warn" });
  declareEnvironment("prod", { protected: true, rulePackSeverity: "error" });
  declareEnvironment("live", { protected: true, rulePackSeverity: "error", deployer: LIVE });
}

/** `live`'s deployers, as config/deployers.ts declares them for project `svc`, account 123456789012, GitHub `acme/svc` and HCP Terraform `acme`. */
export const LIVE: DeployerTraits = {
  accountId: "123456789012",
  namePrefix: "svc-live-",
  namePath: "svc/live/",
  permissionsBoundaryArn: "arn:aws:iam::123456789012:policy/deployer/svc-live-permissions-boundary",
  deployerRoleArns: ["plan", "apply"].flatMap((phase) => ["github", "hcp"].map((source) => `arn:aws:iam::123456789012:role/deployer/svc-live-${source}-${phase}`)),
  github: { repository: "acme/svc" },
  hcp: { host: "app.terraform.io", organization: "acme", project: "Default Project", workspacePrefix: "svc-" },
};
declareTestEnvironments();

/** A small folder to zip as function code: keeps tests fast (no bundling). */
export const CODE_DIR = join(__dirname, "..", "..", "..", "fixtures", "code");
export const ROLE_ARN = "arn:aws:iam::123456789012:role/test";
export const KMS_KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555";

/** Builds fixtures into a stack. */
export type Build = (stack: TerraformStack) => void;

/** Temporary folders made by a test file, removed after it. */
export function tempDirs(): () => string {
  const made: string[] = [];
  afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
  return () => {
    const dir = mkdtempSync(join(tmpdir(), "rule-pack-test-"));
    made.push(dir);
    return dir;
  };
}

/** A stack in its own App; `outdir` is where `app.synth()` would write. */
export function newStack(outdir: string, id = "test"): TerraformStack {
  const app = new App({ outdir, stackTraces: false });
  return new TerraformStack(app, id);
}

/**
 * The findings one rule makes on a stack built by `build`, in an environment. Every pack runs every
 * default rule (a pack cannot be emptied): the other rules' findings are left out here.
 */
export function findingsOf(outdir: string, rule: Rule, build: Build, environment = "prod", options: Partial<RulePackOptions> = {}): readonly Finding[] {
  const stack = newStack(outdir);
  build(stack);
  return new RulePack({ environment, rules: [rule], log: () => undefined, ...options }).evaluate(stack).findings.filter((f) => f.ruleId === rule.id);
}
