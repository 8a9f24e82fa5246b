import { checkNotPoolWide } from "../core/policy/gcp-principals";
import { booleanValue, lengthBetween } from "../core/rules";
import { instanceOf, list, optional, props, required, type TypeOf } from "../core/schema";
import { ArtifactRegistryRepository } from "./artifact-registry-repository";
import { CloudRunService } from "./cloud-run-service";
import { PROJECT_ID, SERVICE_ACCOUNT_ID, WORKLOAD_IDENTITY_PRINCIPAL } from "./gcp-limits";
import { claimServiceAccountId } from "./unique-names";

/** The props of `DeployerIdentity`: the identity a CI pipeline deploys with. */
export const DEPLOYER_IDENTITY_PROPS = props(
  {
    /** Service account id of the deployer (before `@`), 6 to 30 characters. */
    accountId: required(SERVICE_ACCOUNT_ID),
    /** The project of the deployer's service account. @default the provider's project */
    project: optional(PROJECT_ID),
    /** The service account's display name, 1 to 100 characters. @default "Deployer of <services>" */
    displayName: optional(lengthBetween(1, 100)),
    /** The services it may roll new revisions onto (Terraform creates them). */
    services: required(
      list(instanceOf(CloudRunService, "a CloudRunService"), {
        of: "CloudRunService",
        min: 1,
        refine(services, r) {
          const names = services.filter((s) => s instanceof CloudRunService).map((s) => s.serviceName);
          const duplicate = names.find((n, i) => names.indexOf(n) !== i);
          if (duplicate !== undefined) r.fail(undefined, "distinct services", duplicate);
        },
      }),
    ),
    /** The repository it pushes images to. */
    repository: required(instanceOf(ArtifactRegistryRepository, "an ArtifactRegistryRepository")),
    /**
     * Workload Identity Federation principals (a CI system's `principalSet://iam.googleapis.com/...`)
     * that may impersonate the deployer, through `iam.workloadIdentityUser` on this account only.
     * @default none (grant impersonation elsewhere)
     */
    workloadIdentityPrincipals: optional(
      list(WORKLOAD_IDENTITY_PRINCIPAL, {
        of: "principals",
        // A pool-wide principal set lets every identity the pool admits deploy.
        refine: (principals, r) => checkNotPoolWide(r.v, r.prop, principals),
      }),
    ),
    /** Disable the service account (deploys stop) without deleting it. @default false */
    disabled: optional(booleanValue),
    /**
     * The service account exists already: the environment's deployer identity stack creates it (with
     * who may impersonate it), and only the grants on the services and the repository are made here.
     * Needs `project`. @default false (the service account is created here)
     */
    existingServiceAccount: optional(booleanValue),
  },
  {
    name: "DeployerIdentity props",
    expected: "an object with accountId, services and repository",
    refine(props, r) {
      if (props.existingServiceAccount === true) {
        if (props.project === undefined) r.fail("project", "set when existingServiceAccount is true (the account's email names its project)", props.project);
        if (props.displayName !== undefined) r.fail("displayName", "unset when existingServiceAccount is true (the account is created elsewhere)", props.displayName);
        if (props.disabled !== undefined) r.fail("disabled", "unset when existingServiceAccount is true (the account is created elsewhere)", props.disabled);
        return;
      }
      claimServiceAccountId(r.v, r.scope!, "accountId", props.accountId, props.project);
    },
  },
);

export interface DeployerIdentityProps extends TypeOf<typeof DEPLOYER_IDENTITY_PROPS> {}
