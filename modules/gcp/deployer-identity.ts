import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { ServiceAccountIamMember } from "@cdktf/provider-google/lib/service-account-iam-member";
import { Construct } from "constructs";
import { inSameStack, repositoryGrantIn, serviceGrantIn } from "./cross-stack";
import { DEPLOYER_IDENTITY_PROPS, type DeployerIdentityProps } from "./deployer-identity-props";
import { ROLES } from "./iam";
import { useRelativeLocalState } from "../core/relative-local-state";

export type { DeployerIdentityProps } from "./deployer-identity-props";

/**
 * The identity a CI pipeline deploys with, granted on resources only:
 * - `roles/run.developer` on each Cloud Run service (not the project): it can deploy new revisions of
 *   these services and nothing else. It cannot create services: `run.services.create` on a service
 *   that does not exist yet can only be granted on the project, so services are created by Terraform
 *   (their first deploy) and this identity rolls later images onto them;
 * - `roles/iam.serviceAccountUser` on each service's runtime service account only (deploying a
 *   revision "acts as" that account);
 * - `roles/artifactregistry.writer` on the repository only (push and pull images).
 * Never a basic role (owner, editor, viewer) nor an admin role.
 */
export class DeployerIdentity extends Construct {
  public readonly email: string;
  /** `serviceAccount:<email>` */
  public readonly member: string;
  /** The account, when it is created here (not `existingServiceAccount`). */
  public readonly serviceAccount?: ServiceAccount;

  constructor(scope: Construct, id: string, props: DeployerIdentityProps) {
    super(scope, id);
    useRelativeLocalState(this);
    DEPLOYER_IDENTITY_PROPS.validate(this, props);

    const services = props.services;
    let accountName: string;
    if (props.existingServiceAccount) {
      this.email = `${props.accountId}@${props.project}.iam.gserviceaccount.com`;
      accountName = `projects/${props.project}/serviceAccounts/${this.email}`;
    } else {
      this.serviceAccount = new ServiceAccount(this, "ServiceAccount", {
        accountId: props.accountId,
        project: props.project,
        displayName: props.displayName ?? `Deployer of ${services.map((s) => s.serviceName).join(", ")}`.slice(0, 100),
        description: "Deploys new revisions of its Cloud Run services and pushes their images; holds only resource-level grants.",
        disabled: props.disabled,
      });
      this.email = this.serviceAccount.email;
      accountName = this.serviceAccount.name;
    }
    this.member = `serviceAccount:${this.email}`;

    // Each grant lives where references only go one way between stacks (see cross-stack.ts): with its
    // resource in the same stack (the addresses of a one-stack app), otherwise in this identity's stack;
    // except a service whose repository is in this stack: its stack already depends on this one, so
    // the grants on it go there.
    const repository = props.repository;
    if (inSameStack(repository, this)) repository.grantWriter(this.member, `writer-${props.accountId}`);
    else repositoryGrantIn(this, "RepositoryWriter", repository, ROLES.artifactWriter, this.member);
    services.forEach((service) => {
      const actAs = {
        serviceAccountId: service.serviceAccount.name,
        role: ROLES.serviceAccountUser,
        member: this.member,
      };
      if (inSameStack(service, this)) {
        service.grantDeveloper(this.member, `developer-${props.accountId}`);
        new ServiceAccountIamMember(this, `ActAs-${service.serviceName}`, actAs);
      } else if (service.repository !== undefined && inSameStack(service.repository, this)) {
        service.grantDeveloper(this.member, `developer-${props.accountId}`);
        new ServiceAccountIamMember(service, `ActAs-${props.accountId}`, actAs);
      } else {
        serviceGrantIn(this, `Developer-${service.serviceName}`, service, ROLES.runDeveloper, this.member);
        new ServiceAccountIamMember(this, `ActAs-${service.serviceName}`, actAs);
      }
    });
    [...(props.workloadIdentityPrincipals ?? [])].sort().forEach((principal) => {
      new ServiceAccountIamMember(this, `WorkloadIdentity-${principal.replace(/[^A-Za-z0-9]+/g, "-")}`, {
        serviceAccountId: accountName,
        role: ROLES.workloadIdentityUser,
        member: principal,
      });
    });
  }
}
