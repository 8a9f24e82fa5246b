import { actionCovers } from "./action-patterns";

/**
 * IAM actions that let a principal gain permissions it was not given: change a policy, hand a role
 * to a service, mint credentials, run code as another role. Granted on every resource (`"*"`,
 * `role/*`, `function:*`), any one of them can turn a narrow role into an administrator, so they
 * must name the exact resources they act on.
 *
 * Shared by policy-statement validation (construct props) and the rule pack's
 * `iam-no-privilege-escalation` (synthesized Terraform), so both refuse the same actions.
 *
 * Sources (public research on IAM escalation paths, read for the paths they document):
 * - Rhino Security Labs, "AWS IAM Privilege Escalation – Methods and Mitigation" (the 21 original
 *   methods) and its repository RhinoSecurityLabs/AWS-IAM-Privilege-Escalation;
 * - Bishop Fox, iam-vulnerable (BishopFox/iam-vulnerable, modules/free-resources/privesc-paths);
 * - Datadog, pathfinding.cloud and its labs (DataDog/pathfinding-labs): one scenario per path, e.g.
 *   `ec2-004` (spot instances), `ec2-005` (launch template default version), `ecs-006`
 *   (`ecs:ExecuteCommand`), `ecs-007` (container instances), `glue-003`..`007` (jobs, triggers,
 *   interactive sessions), `cloudformation-003`/`004` (stack sets), `apprunner-002`,
 *   `bedrock-001`/`002` (AgentCore code interpreters), `sagemaker-005` (lifecycle configs);
 * - hackingthe.cloud, "AWS IAM Privilege Escalation Techniques";
 * - Elastic detection rule "AWS EC2 Instance Profile Associated with Running Instance"
 *   (`ec2:AssociateIamInstanceProfile`, `ec2:ReplaceIamInstanceProfileAssociation`);
 * - Datadog Stratus Red Team techniques `aws.persistence.rolesanywhere-create-trust-anchor`,
 *   `aws.persistence.sts-federation-token`, `aws.lateral-movement.ec2-serial-console-send-ssh-public-key`;
 * - AWS's own examples of SCPs (aws-samples/service-control-policy-examples,
 *   "Deny-unwarranted-IAM-federations-creation-modification"): who changes an identity provider can
 *   federate into every role that trusts it;
 * - AWS IAM User Guide, "Define permissions based on attributes with ABAC authorization": a
 *   principal that may tag itself or roles may grant itself what tag conditions protect;
 * - checkov CKV_AWS_286 (privilege escalation), CKV_AWS_287 (credentials exposure) and
 *   CKV_AWS_289 (permissions management), which flag the same families.
 */
export const ESCALATION_ACTIONS: readonly string[] = [
  // Changing what a policy allows, or which policy applies.
  "iam:CreatePolicy",
  "iam:CreatePolicyVersion",
  "iam:SetDefaultPolicyVersion",
  "iam:AttachUserPolicy",
  "iam:AttachGroupPolicy",
  "iam:AttachRolePolicy",
  "iam:PutUserPolicy",
  "iam:PutGroupPolicy",
  "iam:PutRolePolicy",
  "iam:DetachRolePolicy",
  "iam:DeleteRolePolicy",
  "iam:PutUserPermissionsBoundary",
  "iam:PutRolePermissionsBoundary",
  "iam:DeleteUserPermissionsBoundary",
  "iam:DeleteRolePermissionsBoundary",
  "iam:AddUserToGroup",
  // Tags that attribute-based conditions rely on (ABAC).
  "iam:TagRole",
  "iam:UntagRole",
  "iam:TagUser",
  "iam:UntagUser",
  // Who may assume a role, and roles to assume or hand over.
  "iam:UpdateAssumeRolePolicy",
  "iam:CreateRole",
  "iam:PassRole",
  "iam:AddRoleToInstanceProfile",
  "sts:AssumeRole",
  "sts:AssumeRoleWithWebIdentity",
  "sts:AssumeRoleWithSAML",
  "sts:GetFederationToken",
  // Identity providers and trust anchors: whoever changes them federates into the roles that trust them.
  "iam:CreateOpenIDConnectProvider",
  "iam:UpdateOpenIDConnectProviderThumbprint",
  "iam:AddClientIDToOpenIDConnectProvider",
  "iam:CreateSAMLProvider",
  "iam:UpdateSAMLProvider",
  "rolesanywhere:CreateTrustAnchor",
  "rolesanywhere:UpdateTrustAnchor",
  "rolesanywhere:CreateProfile",
  "cognito-identity:SetIdentityPoolRoles",
  "cognito-identity:UpdateIdentityPool",
  // Credentials for other principals.
  "iam:CreateUser",
  "iam:CreateAccessKey",
  "iam:UpdateAccessKey",
  "iam:CreateLoginProfile",
  "iam:UpdateLoginProfile",
  "iam:CreateServiceSpecificCredential",
  "iam:ResetServiceSpecificCredential",
  "iam:UploadSSHPublicKey",
  "ec2-instance-connect:SendSSHPublicKey",
  "ec2-instance-connect:SendSerialConsoleSSHPublicKey",
  // Running code as another role (each with iam:PassRole, or on an existing, more privileged role).
  "lambda:CreateFunction",
  "lambda:UpdateFunctionCode",
  "lambda:UpdateFunctionConfiguration",
  "lambda:AddPermission",
  "lambda:CreateEventSourceMapping",
  "ec2:RunInstances",
  "ec2:ModifyInstanceAttribute",
  "ec2:CreateLaunchTemplateVersion",
  "ec2:ModifyLaunchTemplate",
  "ec2:RequestSpotInstances",
  // A role handed to a running instance: its credentials are read from the instance metadata.
  "ec2:AssociateIamInstanceProfile",
  "ec2:ReplaceIamInstanceProfileAssociation",
  "ecs:RegisterTaskDefinition",
  "ecs:RunTask",
  "ecs:StartTask",
  "ecs:CreateService",
  "ecs:UpdateService",
  "ecs:ExecuteCommand",
  "ecs:RegisterContainerInstance",
  "glue:CreateDevEndpoint",
  "glue:UpdateDevEndpoint",
  "glue:CreateJob",
  "glue:UpdateJob",
  "glue:StartJobRun",
  "glue:CreateTrigger",
  "glue:CreateSession",
  "glue:RunStatement",
  "cloudformation:CreateStack",
  "cloudformation:UpdateStack",
  "cloudformation:CreateChangeSet",
  "cloudformation:ExecuteChangeSet",
  "cloudformation:SetStackPolicy",
  "cloudformation:CreateStackSet",
  "cloudformation:UpdateStackSet",
  "cloudformation:CreateStackInstances",
  "datapipeline:CreatePipeline",
  "datapipeline:PutPipelineDefinition",
  "codebuild:CreateProject",
  "codebuild:UpdateProject",
  "codebuild:StartBuild",
  "codebuild:StartBuildBatch",
  "sagemaker:CreateNotebookInstance",
  "sagemaker:CreatePresignedNotebookInstanceUrl",
  "sagemaker:CreateTrainingJob",
  "sagemaker:CreateProcessingJob",
  "sagemaker:CreateNotebookInstanceLifecycleConfig",
  "sagemaker:UpdateNotebookInstanceLifecycleConfig",
  "sagemaker:UpdateNotebookInstance",
  "ssm:SendCommand",
  "ssm:StartSession",
  "ssm:ResumeSession",
  "ssm:StartAutomationExecution",
  "states:CreateStateMachine",
  "states:UpdateStateMachine",
  "apprunner:CreateService",
  "apprunner:UpdateService",
  "bedrock-agentcore:CreateCodeInterpreter",
  "bedrock-agentcore:StartCodeInterpreterSession",
  "bedrock-agentcore:InvokeCodeInterpreter",
  "autoscaling:CreateLaunchConfiguration",
  "autoscaling:CreateAutoScalingGroup",
  "autoscaling:UpdateAutoScalingGroup",
];

/**
 * True when `action` (`service:Action`, any case) is an escalation action, or a wildcard pattern
 * (`iam:Put*`, `iam:*`, `*`) that covers one. Values Terraform resolves later (`${...}`) are not judged.
 */
export function isEscalationAction(action: string): boolean {
  if (typeof action !== "string" || action.includes("${")) return false;
  let escalates = judged.get(action);
  if (escalates === undefined) judged.set(action, (escalates = ESCALATION_ACTIONS.some((a) => actionCovers(action, a))));
  return escalates;
}

/** Each action judged once per process: the rules ask about the same actions of every stack. */
const judged = new Map<string, boolean>();
