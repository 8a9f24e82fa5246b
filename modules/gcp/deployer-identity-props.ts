import type { ArtifactRegistryRepository } from "./artifact-registry-repository";
import type { CloudRunService } from "./cloud-run-service";
import type { AllKeysListed } from "../core/known-keys";

export interface DeployerIdentityProps {
  /** Service account id of the deployer (before `@`), 6 to 30 characters. */
  readonly accountId: string;
  /** @default the provider's project */
  readonly project?: string;
  /** @default "Deployer of <services>" */
  readonly displayName?: string;
  /** The services it may roll new revisions onto (Terraform creates them). */
  readonly services: readonly CloudRunService[];
  /** The repository it pushes images to. */
  readonly repository: ArtifactRegistryRepository;
  /**
   * Workload Identity Federation principals (a CI system's `principalSet://iam.googleapis.com/...`)
   * that may impersonate the deployer, through `iam.workloadIdentityUser` on this account only.
   * @default none (grant impersonation elsewhere)
   */
  readonly workloadIdentityPrincipals?: readonly string[];
  /** @default false */
  readonly disabled?: boolean;
}

/** Every key of `DeployerIdentityProps`, for refusing unknown (misspelt) props. */
export const DEPLOYER_IDENTITY_PROP_KEYS = [
  "accountId",
  "project",
  "displayName",
  "services",
  "repository",
  "workloadIdentityPrincipals",
  "disabled",
] as const satisfies readonly (keyof DeployerIdentityProps)[];
export type DeployerIdentityPropKeysComplete = AllKeysListed<Exclude<keyof DeployerIdentityProps, (typeof DEPLOYER_IDENTITY_PROP_KEYS)[number]>>;
