import { PROVIDER_IDENTITY_ARGUMENTS } from "../../../catalog";
import { environmentTargets } from "../../../environment-traits";
import { blocks, list, type Config, type TerraformModel } from "../../../terraform";
import { show } from "../../config";

/** The stack's `aws` provider blocks, each named as Terraform does (`aws`, `aws.<alias>`). */
export function awsProviders(model: TerraformModel): { readonly name: string; readonly alias?: string; readonly config: Config }[] {
  return model.providers().filter((p) => p.type === "aws").map((p) => ({ name: p.alias ? `aws.${p.alias}` : "aws", alias: p.alias, config: p.config }));
}

const ACCOUNT_OF_ARN = /^arn:[a-z-]+:(?:iam|sts)::(\d{12}):/;

/** Every role ARN a provider assumes (`assume_role`, `assume_role_with_web_identity`). */
function assumedRoles(config: Config): unknown[] {
  return ["assume_role", "assume_role_with_web_identity"].flatMap((k) => blocks(config[k]).map((b) => b.role_arn));
}

/**
 * The AWS accounts the stack's providers apply in, as far as synth can read them: their literal
 * `allowed_account_ids` and the accounts of the roles they assume.
 */
export function awsProviderAccounts(model: TerraformModel): string[] {
  const out = new Set<string>();
  for (const p of awsProviders(model)) {
    for (const a of list(p.config.allowed_account_ids)) if (typeof a === "string" && /^\d{12}$/.test(a)) out.add(a);
    for (const arn of assumedRoles(p.config)) {
      const m = typeof arn === "string" ? ACCOUNT_OF_ARN.exec(arn) : null;
      if (m) out.add(m[1]);
    }
  }
  return [...out].sort();
}

/**
 * Provider arguments that change who applies the stack, or where its API calls go, and that the
 * provider config makes never sets: the catalog's identity arguments of `aws` but those judged
 * against config below (the account and region) and those that only narrow (forbidden accounts).
 */
const JUDGED_AGAINST_CONFIG = new Set(["alias", "region", "allowed_account_ids", "forbidden_account_ids"]);
const IDENTITY_ARGUMENTS = PROVIDER_IDENTITY_ARGUMENTS.aws.filter((a) => !JUDGED_AGAINST_CONFIG.has(a));

/**
 * What is wrong with the stack's AWS providers for an environment: an alias (a second identity or
 * place to apply), an argument that changes the identity or the endpoints, an account or region
 * the environment's config does not declare (an environment that declares none: providers that
 * disagree on the account).
 */
export function awsProviderProblems(model: TerraformModel, environment: string): string[] {
  const providers = awsProviders(model);
  const declared = environmentTargets(environment);
  const problems: string[] = [];
  const accountsSeen = new Set<string>();
  for (const p of providers) {
    if (p.alias) problems.push(`provider ${p.name} is a second AWS provider: the stack's resources apply through its one provider, made from config (stacks/aws-provider.ts); one stack per account and region`);
    for (const key of IDENTITY_ARGUMENTS) {
      if (p.config[key] !== undefined) problems.push(`provider ${p.name} sets ${key} = ${show(p.config[key])}: it changes who applies the stack, or where its calls go; the provider config makes has none`);
    }
    const accounts = list(p.config.allowed_account_ids);
    accounts.forEach((a) => accountsSeen.add(String(a)));
    if (declared && declared.awsAccountIds.length > 0) {
      if (accounts.length !== 1 || !declared.awsAccountIds.includes(String(accounts[0]))) {
        problems.push(`provider ${p.name} has allowed_account_ids = ${show(p.config.allowed_account_ids)}: environment ${JSON.stringify(environment)} declares account ${declared.awsAccountIds.join(", ")} (config)`);
      }
    }
    if (declared && declared.awsRegions.length > 0 && !declared.awsRegions.includes(String(p.config.region))) {
      problems.push(`provider ${p.name} has region = ${show(p.config.region)}: environment ${JSON.stringify(environment)} declares ${declared.awsRegions.join(", ")} (config)`);
    }
  }
  if (!declared && accountsSeen.size > 1) problems.push(`the stack's AWS providers name different accounts (${[...accountsSeen].sort().join(", ")})`);
  return problems;
}
