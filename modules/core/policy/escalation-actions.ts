/**
 * IAM actions that let a principal gain permissions it was not given: change a policy, hand a role
 * to a service, mint credentials, run code as another role. Granted on every resource (`"*"`,
 * `role/*`, `function:*`), any one of them can turn a narrow role into an administrator, so they
 * must name the exact resources they act on.
 *
 * Shared by policy-statement validation (construct props) and the rule pack's
 * `iam-no-privilege-escalation` (synthesized Terraform), so both refuse the same actions.
 *
 * Sources (public research on IAM escalation paths):
 * - Rhino Security Labs, "AWS IAM Privilege Escalation – Methods and Mitigation" (21 methods) and
 *   its repository RhinoSecurityLabs/AWS-IAM-Privilege-Escalation;
 * - Bishop Fox, "Privilege Escalation in AWS" (iam-vulnerable);
 * - hackingthe.cloud, "AWS IAM Privilege Escalation Techniques";
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
  // Who may assume a role, and roles to assume or hand over.
  "iam:UpdateAssumeRolePolicy",
  "iam:CreateRole",
  "iam:PassRole",
  "iam:AddRoleToInstanceProfile",
  "sts:AssumeRole",
  "sts:AssumeRoleWithWebIdentity",
  "sts:AssumeRoleWithSAML",
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
  // Running code as another role (each with iam:PassRole, or on an existing, more privileged role).
  "lambda:CreateFunction",
  "lambda:UpdateFunctionCode",
  "lambda:UpdateFunctionConfiguration",
  "lambda:AddPermission",
  "lambda:CreateEventSourceMapping",
  "ec2:RunInstances",
  "ec2:ModifyInstanceAttribute",
  "ec2:CreateLaunchTemplateVersion",
  "ecs:RegisterTaskDefinition",
  "ecs:RunTask",
  "ecs:StartTask",
  "ecs:CreateService",
  "ecs:UpdateService",
  "glue:CreateDevEndpoint",
  "glue:UpdateDevEndpoint",
  "glue:CreateJob",
  "glue:UpdateJob",
  "cloudformation:CreateStack",
  "cloudformation:UpdateStack",
  "cloudformation:CreateChangeSet",
  "cloudformation:ExecuteChangeSet",
  "cloudformation:SetStackPolicy",
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
  "ssm:SendCommand",
  "ssm:StartSession",
  "states:CreateStateMachine",
  "states:UpdateStateMachine",
  "apprunner:CreateService",
  "autoscaling:CreateLaunchConfiguration",
  "autoscaling:CreateAutoScalingGroup",
  "autoscaling:UpdateAutoScalingGroup",
];

const LOWER = new Set(ESCALATION_ACTIONS.map((a) => a.toLowerCase()));

/**
 * True when `action` (`service:Action`, any case) is an escalation action, or a wildcard pattern
 * (`iam:Put*`, `iam:*`, `*`) that covers one. Values Terraform resolves later (`${...}`) are not judged.
 */
export function isEscalationAction(action: string): boolean {
  if (typeof action !== "string" || action.includes("${")) return false;
  const lower = action.toLowerCase();
  if (!/[*?]/.test(lower)) return LOWER.has(lower);
  const pattern = new RegExp(`^${lower.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
  return [...LOWER].some((a) => pattern.test(a));
}
