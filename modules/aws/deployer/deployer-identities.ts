import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { githubSubject, GITHUB_ACTIONS_ISSUER_HOST, hcpSubject, type DeployerPhase, type HcpWorkspaceRef } from "../../core/deployer-subjects";
import { estimatePolicySize } from "../../core/policy/policy-size";
import type { PolicyDocumentStatement } from "../../core/policy/policy-statement";
import { Validator } from "../../core/validation";
import { DEPLOYER_PATH, deployerRoleName, environmentNamePrefix, GITHUB_AWS_AUDIENCE, HCP_AWS_AUDIENCE, oidcProviderArn, permissionsBoundaryName, type DeployerAccount, type DeployerSource } from "../deployer-names";
import { stateStatements, type DeployerStatements, type StateScope } from "./deployer-statements";
import { oidcTrustStatement } from "./oidc-trust";

/** IAM's limit on a managed policy, in characters without whitespace. */
export const MANAGED_POLICY_MAX_CHARS = 6144;

export interface DeployerIdentitiesProps {
  readonly account: DeployerAccount;
  /** GitHub Actions jobs of this repository plan (GitHub environment `<env>-plan`) and apply (`<env>`). @default no GitHub roles */
  readonly github?: { readonly repository: string; readonly state?: StateScope };
  /** HCP Terraform runs of these workspaces plan and apply, each phase with its role. @default no HCP Terraform roles */
  readonly hcp?: { readonly host: string; readonly workspaces: readonly HcpWorkspaceRef[] };
  /** What the plan and apply roles may do (modules/aws/deployer/deployer-statements.ts). */
  readonly statements: DeployerStatements;
  /**
   * What every role the environment creates may ever hold (modules/aws/deployer/boundary-statements.ts),
   * produced at synth: it reads the environment's stacks once they are complete.
   */
  readonly boundary: () => readonly PolicyDocumentStatement[];
}

/** One deployer role: who it is for, and its ARN. */
export interface DeployerRole {
  readonly source: DeployerSource;
  readonly phase: DeployerPhase;
  readonly role: IamRole;
}

/**
 * The deployer identities of one environment's AWS account: an IAM OIDC provider per issuer
 * (GitHub Actions, HCP Terraform), per source a read-only plan role and an apply role, each trusted
 * by its exact subjects and audience only, and the permissions boundary every role the environment
 * creates carries. Everything lives under the IAM path `/deployer/`, outside the names the apply role
 * may change: it can neither widen itself nor the plan role, nor edit or drop the boundary.
 */
export class DeployerIdentities extends Construct {
  public readonly boundary: IamPolicy;
  public readonly roles: readonly DeployerRole[];
  public readonly providers: ReadonlyMap<DeployerSource, IamOpenidConnectProvider>;

  constructor(scope: Construct, id: string, props: DeployerIdentitiesProps) {
    super(scope, id);
    const v = new Validator("DeployerIdentities props", this.node.path);
    if (!props.github && !props.hcp) v.fail("github", "set, or hcp set: a deployer needs a source of tokens", undefined);
    if (props.hcp && props.hcp.workspaces.length === 0) v.fail("hcp.workspaces", "at least one workspace", props.hcp.workspaces);
    v.throwIfInvalid();
    const { account } = props;
    const prefix = environmentNamePrefix(account.project, account.environment);

    this.boundary = new IamPolicy(this, "PermissionsBoundary", {
      name: permissionsBoundaryName(account.project, account.environment),
      path: DEPLOYER_PATH,
      description: `What any role of ${account.project} ${account.environment} may ever hold: its permissions boundary`,
      policy: new DataAwsIamPolicyDocument(this, "PermissionsBoundaryDocument", {
        // Not while cdktf prepares the stacks (its pass for cross-stack references, whose result it
        // drops): the statements are literal ARNs, and the stacks they are read from are only final,
        // and rendered once, when they are synthesized. Producing them there rendered every stack of
        // the environment a second time.
        statement: Lazy.anyValue({ produce: (context) => (context.preparing ? [] : this.boundaryStatements(props.boundary)) }) as unknown as DataAwsIamPolicyDocumentStatement[],
      }).json,
    });

    const managed = (phase: DeployerPhase) =>
      chunks(phase === "plan" ? props.statements.plan : props.statements.apply).map(
        (statements, i) =>
          new IamPolicy(this, `${phase}-${i + 1}`, {
            name: `${prefix}deployer-${phase}-${i + 1}`,
            path: DEPLOYER_PATH,
            description: `What the ${phase} roles of ${account.project} ${account.environment} may do (${i + 1})`,
            policy: this.document(`${phase}-${i + 1}-document`, statements).json,
          }),
      );
    const policies: Record<DeployerPhase, IamPolicy[]> = { plan: managed("plan"), apply: managed("apply") };

    const providers = new Map<DeployerSource, IamOpenidConnectProvider>();
    const roles: DeployerRole[] = [];
    const sources: { source: DeployerSource; host: string; audience: string; subjects: (phase: DeployerPhase) => string[]; state?: StateScope }[] = [];
    if (props.github) {
      const { repository } = props.github;
      sources.push({ source: "github", host: GITHUB_ACTIONS_ISSUER_HOST, audience: GITHUB_AWS_AUDIENCE, subjects: (phase) => [githubSubject(repository, account.environment, phase)], state: props.github.state });
    }
    if (props.hcp) {
      const { workspaces } = props.hcp;
      sources.push({ source: "hcp", host: props.hcp.host, audience: HCP_AWS_AUDIENCE, subjects: (phase) => workspaces.map((w) => hcpSubject(w, phase)) });
    }
    for (const s of sources) {
      const provider = new IamOpenidConnectProvider(this, `${s.source}-oidc`, { url: `https://${s.host}`, clientIdList: [s.audience] });
      providers.set(s.source, provider);
      for (const phase of ["plan", "apply"] as const) {
        const name = deployerRoleName(account.project, account.environment, s.source, phase);
        const trust = new DataAwsIamPolicyDocument(this, `${s.source}-${phase}-trust`, {
          // The provider's ARN written out (not a reference): the trust policy reads as IAM will evaluate it.
          statement: [oidcTrustStatement(this.node.path, `${s.source === "github" ? "GitHubActions" : "HcpTerraform"}${phase === "plan" ? "Plan" : "Apply"}`, { host: s.host, providerArn: oidcProviderArn(account, s.host), audience: s.audience, subjects: s.subjects(phase) })],
        });
        const role = new IamRole(this, `${s.source}-${phase}`, {
          name,
          path: DEPLOYER_PATH,
          description: `${phase === "plan" ? "Plans (read-only)" : "Applies"} ${account.project} ${account.environment} from ${s.source === "github" ? "GitHub Actions" : "HCP Terraform"}`,
          assumeRolePolicy: trust.json,
          maxSessionDuration: 3600,
          dependsOn: [provider],
        });
        policies[phase].forEach((policy, i) => new IamRolePolicyAttachment(this, `${s.source}-${phase}-${i + 1}`, { role: role.name, policyArn: policy.arn }));
        if (s.state) {
          new IamRolePolicy(this, `${s.source}-${phase}-state`, {
            role: role.id,
            name: "state",
            policy: this.document(`${s.source}-${phase}-state-document`, stateStatements(account.partition, s.state, phase)).json,
          });
        }
        roles.push({ source: s.source, phase, role });
      }
    }
    this.roles = roles;
    this.providers = providers;
  }

  private boundaryStatements(produce: () => readonly PolicyDocumentStatement[]): PolicyDocumentStatement[] {
    const statements = [...produce()];
    const size = estimatePolicySize(statements);
    if (size > MANAGED_POLICY_MAX_CHARS) {
      new Validator("DeployerIdentities props", this.node.path)
        .fail("boundary", `a permissions boundary of at most ${MANAGED_POLICY_MAX_CHARS} characters (one managed policy): the environment's roles hold more kinds of permissions than fit; split the environment`, `${size} characters`)
        .throwIfInvalid();
    }
    return statements;
  }

  private document(id: string, statements: readonly PolicyDocumentStatement[]): DataAwsIamPolicyDocument {
    return new DataAwsIamPolicyDocument(this, id, { statement: statements.map((s) => ({ ...s })) });
  }
}

/**
 * Statements in managed policies of at most MANAGED_POLICY_MAX_CHARS each, in order. A statement
 * larger than a policy alone is refused: no policy IAM would reject at apply.
 */
export function chunks(statements: readonly PolicyDocumentStatement[]): PolicyDocumentStatement[][] {
  const out: PolicyDocumentStatement[][] = [];
  let current: PolicyDocumentStatement[] = [];
  for (const s of statements) {
    if (estimatePolicySize([s]) > MANAGED_POLICY_MAX_CHARS) throw new Error(`statement ${s.sid ?? ""} alone is larger than a managed policy (${MANAGED_POLICY_MAX_CHARS} characters)`);
    if (current.length > 0 && estimatePolicySize([...current, s]) > MANAGED_POLICY_MAX_CHARS) {
      out.push(current);
      current = [];
    }
    current.push(s);
  }
  if (current.length > 0) out.push(current);
  return out;
}
