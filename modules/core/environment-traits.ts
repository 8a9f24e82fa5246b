/**
 * What an environment is, as its config declares it, rather than what its name suggests: a new
 * production-like environment called `live` gets the same protection as `prod` without being renamed.
 */
export interface EnvironmentTraits {
  /**
   * A protected environment keeps what it holds and is watched: deletion protection on stateful
   * resources, alarms and a rollout strategy (or a reason) for every function, the permissions
   * boundary on every role.
   */
  readonly protected: boolean;
  /** How rule-pack findings are treated: `error` fails synth before anything is written; `warn` writes the stack with warnings. */
  readonly rulePackSeverity: "error" | "warn";
  /**
   * Who deploys the environment and within what (config/deployers.ts): the boundary every role of
   * the environment carries, the names its deployers may manage, and the only token subjects its
   * deployer roles may trust. @default none: nothing deploys it, and no role may trust a CI token
   */
  readonly deployer?: DeployerTraits;
}

/** What an environment's deployer identities may be (declared from its config). */
export interface DeployerTraits {
  /** The environment's AWS account: deployer permissions stay in it. */
  readonly accountId: string;
  /** What every name the environment's stacks create starts with (`<project>-<env>-`). */
  readonly namePrefix: string;
  /** What names the environment writes as paths start with (`<project>/<env>/`: secrets). */
  readonly namePath: string;
  /** The managed policy every role of the environment carries as its permissions boundary. */
  readonly permissionsBoundaryArn: string;
  /** The deployer roles themselves (the only roles without the boundary). */
  readonly deployerRoleArns: readonly string[];
  /** GitHub Actions deploys it: tokens of this repository, for the GitHub environments `<env>` and `<env>-plan`. */
  readonly github?: { readonly repository: string };
  /** HCP Terraform deploys it: tokens of this host, organization and project, for workspaces named `<workspacePrefix>...`. */
  readonly hcp?: { readonly host: string; readonly organization: string; readonly project: string; readonly workspacePrefix: string };
}

/** Where an environment's stacks apply, as its config declares it (its AWS account and regions). */
export interface EnvironmentTargets {
  readonly awsAccountIds: readonly string[];
  readonly awsRegions: readonly string[];
}

/** An environment no config declared is treated as the strictest one: a typo in a name never relaxes anything. */
export const UNDECLARED_ENVIRONMENT: EnvironmentTraits = Object.freeze({ protected: true, rulePackSeverity: "error" });

const declared = new Map<string, EnvironmentTraits>();
const targets = new Map<string, EnvironmentTargets>();

/** Called by the config loader for every environment it loads (`config/<env>.ts`), with where it applies when the config says. */
export function declareEnvironment(name: string, traits: EnvironmentTraits, where?: Partial<EnvironmentTargets>): void {
  declared.set(name, Object.freeze({ protected: traits.protected, rulePackSeverity: traits.rulePackSeverity, ...(traits.deployer ? { deployer: Object.freeze(traits.deployer) } : {}) }));
  if (where) targets.set(name, Object.freeze({ awsAccountIds: [...(where.awsAccountIds ?? [])], awsRegions: [...(where.awsRegions ?? [])] }));
  else targets.delete(name);
}

/** The traits of an environment as its config declares them; the strictest ones when none did. */
export function environmentTraits(name: string): EnvironmentTraits {
  return declared.get(name) ?? UNDECLARED_ENVIRONMENT;
}

/** Where an environment applies, when its config declared it. */
export function environmentTargets(name: string): EnvironmentTargets | undefined {
  return targets.get(name);
}

/** The environments whose config declares an AWS account. */
export function environmentsOfAwsAccount(accountId: string): string[] {
  return [...targets].filter(([, t]) => t.awsAccountIds.includes(accountId)).map(([name]) => name);
}

/** The strictest of some traits: protected if any is, `error` if any is; the first's deployers. */
export function strictestTraits(...all: readonly EnvironmentTraits[]): EnvironmentTraits {
  return Object.freeze({
    protected: all.some((t) => t.protected),
    rulePackSeverity: all.some((t) => t.rulePackSeverity === "error") ? "error" : "warn",
    // Deployers stay the first's (the pack's own environment's): only protection and severity are raised.
    ...(all[0]?.deployer ? { deployer: all[0].deployer } : {}),
  });
}
