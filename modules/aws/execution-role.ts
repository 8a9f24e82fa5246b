import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { LAMBDA_ENI_ACTIONS } from "../core/policy/iam-actions";
import { toDocumentStatement, type PolicyDocumentStatement, type PolicyStatement } from "../core/policy/policy-statement";
import type { RoleIdentity } from "../core/policy/role-self-modification";
import { boundedName } from "../core/naming";
import { stackEnvironment } from "../core/stack-environment";

/** The name of a function's execution role (IAM's limit is 64 characters). */
export function executionRoleName(functionName: string): string {
  return boundedName(functionName, "-role", 64);
}

/** The execution role of a function, as its own statements could name it; undefined for a name that is not text. */
export function executionRoleIdentity(functionName: unknown): RoleIdentity | undefined {
  return typeof functionName === "string" && functionName !== "" ? { name: executionRoleName(functionName) } : undefined;
}

export interface ExecutionRoleProps {
  readonly functionName: string;
  readonly roleName: string;
  /** ARN of the function's own log group (without `:*`). */
  readonly logGroupArn: string;
  /** Grants the ENI actions Lambda needs to attach the function to a VPC. */
  readonly vpc: boolean;
  /** Grants the X-Ray actions active tracing needs. */
  readonly tracing: boolean;
  /** ARN of the function's own dead-letter queue, when it has one. */
  readonly deadLetterQueueArn?: string;
  /** What the function's code may do, already validated. */
  readonly statements: readonly PolicyStatement[];
  readonly tags?: Record<string, string>;
}

/**
 * A Lambda execution role: trusted by `lambda.amazonaws.com` only, with one inline policy computed
 * from what the function switches on. No AWS-managed policy is attached.
 */
export class ExecutionRole extends Construct {
  public readonly role: IamRole;
  public readonly policy: IamRolePolicy;
  private readonly document: DataAwsIamPolicyDocument;
  private readonly all: PolicyDocumentStatement[];

  constructor(scope: Construct, id: string, props: ExecutionRoleProps) {
    super(scope, id);
    const trust = new DataAwsIamPolicyDocument(this, "TrustPolicy", {
      statement: [
        {
          sid: "LambdaAssumeRole",
          effect: "Allow",
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["lambda.amazonaws.com"] }],
        },
      ],
    });
    this.role = new IamRole(this, "Role", {
      name: props.roleName,
      description: `Execution role of Lambda function ${props.functionName}`,
      assumeRolePolicy: trust.json,
      // Where the environment has deployer identities, the boundary they create roles with (ServiceStack also sets it on raw roles).
      permissionsBoundary: stackEnvironment(this).deployer?.permissionsBoundaryArn,
      tags: props.tags,
    });

    this.all = executionStatements(props);
    this.document = new DataAwsIamPolicyDocument(this, "PolicyDocument", { statement: [...this.all] });
    this.policy = new IamRolePolicy(this, "Policy", {
      name: "execution",
      role: this.role.id,
      policy: this.document.json,
    });
  }

  /** The role as a statement can name it: its name, and its Terraform address for references to it. */
  get identity(): RoleIdentity {
    return { name: this.role.nameInput, address: `aws_iam_role.${this.role.friendlyUniqueId}` };
  }

  /** The statements of the inline policy, as synthesized (for review and tests). */
  get statements(): readonly PolicyDocumentStatement[] {
    return [...this.all];
  }

  /** Adds statements (already validated, with their sids) to the inline policy: event sources, destinations, later grants. */
  addStatements(statements: readonly PolicyDocumentStatement[]): void {
    if (statements.length === 0) return;
    this.all.push(...statements);
    this.document.putStatement([...this.all]);
  }
}

/**
 * The statements of an execution role's inline policy: its own log group, ENI and X-Ray actions when
 * VPC and tracing are on, its own dead-letter queue, then the function's `policyStatements` (sids Code1...).
 * Also used at validation, with placeholders for the ARNs, to estimate the policy's size.
 */
export function executionStatements(
  props: Pick<ExecutionRoleProps, "logGroupArn" | "vpc" | "tracing" | "deadLetterQueueArn" | "statements">,
): PolicyDocumentStatement[] {
  const statements: PolicyDocumentStatement[] = [
    {
      sid: "WriteOwnLogGroup",
      effect: "Allow",
      actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
      resources: [`${props.logGroupArn}:*`],
    },
  ];
  if (props.vpc) {
    statements.push({
      sid: "ManageVpcNetworkInterfaces",
      effect: "Allow",
      actions: [...LAMBDA_ENI_ACTIONS],
      resources: ["*"],
    });
  }
  if (props.tracing) {
    statements.push({
      sid: "WriteXRayTraces",
      effect: "Allow",
      actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
      resources: ["*"],
    });
  }
  if (props.deadLetterQueueArn) {
    statements.push({
      sid: "SendToOwnDeadLetterQueue",
      effect: "Allow",
      actions: ["sqs:SendMessage"],
      resources: [props.deadLetterQueueArn],
    });
  }
  props.statements.forEach((s, i) => statements.push(toDocumentStatement(s, `Code${i + 1}`)));
  return statements;
}
