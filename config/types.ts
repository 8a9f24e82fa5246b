/**
 * The settings of one environment: the schema of `config/<env>.ts`, and the types derived from it.
 * `load.ts` checks every file against it before any stack is built.
 */
import { GITHUB_REPOSITORY } from "../modules/core/deployer-subjects";
import { booleanValue, matches, oneOf } from "../modules/core/rules";
import { dependent, object, optional, props, required, type TypeOf } from "../modules/core/schema";
import { AWS_SETTINGS, type AwsEnvironmentConfig } from "./aws-settings";
import { checkProjectLabels, GCP_SETTINGS, type GcpEnvironmentConfig } from "./gcp-settings";

export type * from "./aws-settings";
export type * from "./gcp-settings";

/** The name of an environment: the name of its file, `config/<env>.ts` (see environments.ts). */
export type EnvironmentName = string;

const PROJECT = object({
  /** Short name used in resource names and state keys: lowercase letters, digits and `-`. */
  name: required(matches(/^[a-z][a-z0-9-]{1,14}[a-z0-9]$/, "3 to 16 lowercase letters, digits or -, starting with a letter")),
  /** Team or address that owns the resources (the `Owner` tag). */
  owner: required(matches(/^[\p{L}\p{N}_.:/=+@ -]{1,256}$/u, "a tag value naming the owning team")),
  /**
   * The GitHub repository (`owner/name`) whose workflows plan and deploy: every environment's account
   * (and GCP project) trusts its GitHub Actions tokens for that environment only
   * (`repo:<owner>/<name>:environment:<env>` to apply, `...:environment:<env>-plan` to plan; docs/deploying.md).
   * @default none (no GitHub deployer identities)
   */
  repository: optional(GITHUB_REPOSITORY),
});

/** Settings every environment shares. */
export interface ProjectConfig extends TypeOf<typeof PROJECT> {}

const HCP_TERRAFORM = object({
  /** The HCP Terraform organization. */
  organization: required(matches(/^[A-Za-z0-9_-]{3,40}$/, "an HCP Terraform organization name (3 to 40 letters, digits, - or _)")),
  /** The HCP Terraform host (set it for Terraform Enterprise). @default "app.terraform.io" */
  hostname: optional(matches(/^[a-z0-9.-]+\.[a-z]{2,}$/, "a host name such as app.terraform.io")),
  /** The HCP Terraform project that holds the workspaces. @default the organization's default project ("Default Project") */
  project: optional(matches(/^[A-Za-z0-9 _-]{3,40}$/, "an HCP Terraform project name")),
  /**
   * Where the workspaces' runs happen: on HCP Terraform's workers (`remote`), on the organization's
   * agents (`agent`, with `agentPoolId`), or where `cdktf deploy` runs (`local`: HCP Terraform keeps
   * the state only, and the GitHub workflow assumes the deployer roles itself). @default "remote"
   */
  executionMode: optional(oneOf(["remote", "agent", "local"] as const)),
  /** The agent pool of `executionMode: "agent"` (`apool-...`). @default none */
  agentPoolId: optional(matches(/^apool-[A-Za-z0-9]{8,32}$/, "an HCP Terraform agent pool id (apool-...)")),
  /** Whether a successful plan is applied without confirmation. @default false (each apply is confirmed) */
  autoApply: optional(booleanValue),
  /** The Terraform version (or constraint) of the workspaces' runs, e.g. `~> 1.11.0`. @default the organization's default */
  terraformVersion: optional(matches(/^(?:~>|>=|<=|=|>|<)?\s?\d+\.\d+(?:\.\d+)?$/, "a Terraform version or constraint such as 1.11.4 or ~> 1.11.0")),
});

/** HCP Terraform (Terraform Cloud): where runs and state live when an environment chooses `backend: "cloud"`. */
export interface HcpTerraformConfig extends TypeOf<typeof HCP_TERRAFORM> {}

/**
 * The schema of an environment's settings, for the environments that exist (`environments`: the
 * names of the `config/<env>.ts` files), which `environment` and `promotedFrom` must name.
 */
export function environmentConfigSchema(environments: readonly EnvironmentName[]) {
  return props(
    {
      /** The name of the file, `config/<env>.ts`. */
      environment: required(oneOf<EnvironmentName>(environments)),
      /**
       * The environment deployed (and verified) before this one: the deploy workflow deploys this one
       * only after that one succeeded, and lists environments in that order. @default none (deployed first)
       */
      promotedFrom: optional(
        dependent<EnvironmentName>("another environment", (config) => oneOf<EnvironmentName>(environments.filter((e) => e !== config.environment))),
      ),
      /**
       * Whether the environment keeps what it holds and is watched (a production-like environment):
       * deletion protection on stateful resources (Cloud Run services, DynamoDB tables), and whatever
       * else the constructs and the rule pack ask of a protected environment. Every file says it, so
       * a copied file never inherits production's protection, nor drops it, by its name.
       */
      protected: required(booleanValue),
      /**
       * How the rule pack treats its findings in this environment: `error` fails synth before anything
       * is written; `warn` writes the stacks and prints the findings (a development environment).
       * @default "error"
       */
      rulePackSeverity: optional(oneOf(["error", "warn"] as const)),
      /** The project's settings, shared by every environment (`config/project.ts`). */
      project: required(PROJECT.named<ProjectConfig>()),
      /**
       * Where the environment's stacks keep state and run: their own remote state (`remote`: S3 for AWS,
       * S3 or GCS for GCP) or HCP Terraform (`cloud`: one workspace per stack, `<project>-<stack>`).
       * @default "remote"
       */
      backend: optional(oneOf(["remote", "cloud"] as const)),
      /** Required when `backend` is `cloud`. @default none */
      cloud: optional(HCP_TERRAFORM.named<HcpTerraformConfig>()),
      /** The AWS side (the aws-<env> stacks). */
      aws: required(AWS_SETTINGS.named<AwsEnvironmentConfig>()),
      /** The Google Cloud side (the gcp-<env> stacks). @default no GCP stack for the environment */
      gcp: optional(GCP_SETTINGS.named<GcpEnvironmentConfig>()),
    },
    {
      name: "config",
      rootProp: "(config)",
      expected: "an object { environment, protected, aws, gcp?, backend?, cloud? }",
      // Config values reach the constructs, whose props refuse template syntax.
      noTemplateSyntax: false,
      refine(config, r) {
        if (config.backend === "cloud") {
          if (config.cloud === undefined) r.fail("cloud.organization", "set (it is required)", undefined);
        } else if (config.cloud !== undefined) {
          r.fail("cloud", 'unset unless backend is "cloud"', config.cloud);
        }
        const cloud = config.cloud;
        if (cloud !== null && typeof cloud === "object") {
          if (cloud.executionMode === "agent" && (cloud.agentPoolId === undefined || cloud.agentPoolId === null)) r.fail("cloud.agentPoolId", 'set when executionMode is "agent"', cloud.agentPoolId);
          if (cloud.executionMode !== "agent" && cloud.agentPoolId !== undefined) r.fail("cloud.agentPoolId", 'unset unless executionMode is "agent"', cloud.agentPoolId);
        }
        // Workload identity principals name the project by number: an environment whose GCP side has
        // deployer identities (GitHub or HCP Terraform) says it.
        const gcp = config.gcp;
        const deployers = (config.project !== null && typeof config.project === "object" && config.project.repository !== undefined) || config.backend === "cloud";
        if (gcp !== null && typeof gcp === "object" && deployers && (gcp.projectNumber === undefined || gcp.projectNumber === null)) {
          r.fail("gcp.projectNumber", "set: the deployer identities' workload identity pool is named by the project's number (GitHub repository or HCP Terraform configured)", gcp.projectNumber);
        }
        if (config.gcp !== null && typeof config.gcp === "object") checkProjectLabels(config.project, (prop, rule, received) => r.fail(prop, rule, received));
      },
    },
  );
}

export interface EnvironmentConfig extends TypeOf<ReturnType<typeof environmentConfigSchema>> {}

/** What an environment file declares; the project part is shared. */
export type EnvironmentFile = Omit<EnvironmentConfig, "project">;
