/**
 * Who may deploy: the subjects of the OIDC tokens the deployer identities trust, on AWS (role trust
 * policies) and on Google Cloud (workload identity principals), written once. Each names one
 * repository and one GitHub environment, or one HCP Terraform workspace and one run phase: never a
 * wildcard.
 */
import { matches } from "./rules";

/** A GitHub repository, `owner/name`. */
export const GITHUB_REPOSITORY = matches(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/, "a GitHub repository, owner/name");

/** What a deployer identity does: `plan` reads (state and the cloud), `apply` changes. */
export type DeployerPhase = "plan" | "apply";

/** GitHub Actions' OIDC issuer: the host of `https://token.actions.githubusercontent.com`. */
export const GITHUB_ACTIONS_ISSUER_HOST = "token.actions.githubusercontent.com";

/**
 * The GitHub environment a workflow job declares to get a token for a phase of an environment: the
 * deploy job runs in `<env>` (its protection rules hold the apply), the pull-request plan job in
 * `<env>-plan` (a token of a job without an environment carries `pull_request`, which names no
 * environment, so its plan role could not tell environments apart).
 */
export function githubEnvironment(environment: string, phase: DeployerPhase): string {
  return phase === "apply" ? environment : `${environment}-plan`;
}

/** The `sub` claim of a GitHub Actions job of `repository` running in the GitHub environment of that phase. */
export function githubSubject(repository: string, environment: string, phase: DeployerPhase): string {
  return `repo:${repository}:environment:${githubEnvironment(environment, phase)}`;
}

/** HCP Terraform's default host (Terraform Enterprise has its own, `cloud.hostname`). */
export const HCP_TERRAFORM_HOST = "app.terraform.io";

/** The project of workspaces created without one. */
export const HCP_TERRAFORM_DEFAULT_PROJECT = "Default Project";

/** Where an HCP Terraform run comes from: its organization, project and workspace. */
export interface HcpWorkspaceRef {
  readonly organization: string;
  /** @default HCP_TERRAFORM_DEFAULT_PROJECT */
  readonly project?: string;
  readonly workspace: string;
}

/** The `sub` claim of an HCP Terraform run's workload identity token in one phase. */
export function hcpSubject(ref: HcpWorkspaceRef, phase: DeployerPhase): string {
  return `organization:${ref.organization}:project:${ref.project ?? HCP_TERRAFORM_DEFAULT_PROJECT}:workspace:${ref.workspace}:run_phase:${phase}`;
}
