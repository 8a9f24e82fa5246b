/**
 * Actions that let whoever holds them gain more privilege than they were given: they change
 * policies, identities, trust, credentials or resource policies, or run code as another role.
 * Granted on a wildcard (`*`, `role/*`, `function:*`, `user/*`, even `role/app-*`), each of them is a
 * path to administrator. They must name exact resources, whatever the statement says.
 *
 * Sources: Rhino Security Labs, "AWS IAM Privilege Escalation – Methods and Mitigation" (the 21
 * methods), Bishop Fox's iam-vulnerable scenarios, and the pathfinding.cloud catalogue; plus the
 * resource-policy writers (bucket, key, secret, queue, topic, function, repository policies) that
 * open a resource to another principal.
 */
export const ESCALATION_ACTIONS: readonly string[] = [
  // Policies on identities: attach, write, version.
  "iam:AttachGroupPolicy",
  "iam:AttachRolePolicy",
  "iam:AttachUserPolicy",
  "iam:PutGroupPolicy",
  "iam:PutRolePolicy",
  "iam:PutUserPolicy",
  "iam:CreatePolicy",
  "iam:CreatePolicyVersion",
  "iam:SetDefaultPolicyVersion",
  "iam:DeleteRolePermissionsBoundary",
  "iam:DeleteUserPermissionsBoundary",
  "iam:PutRolePermissionsBoundary",
  "iam:PutUserPermissionsBoundary",
  "iam:DetachRolePolicy",
  "iam:DeleteRolePolicy",
  // Identities, credentials and trust.
  "iam:AddUserToGroup",
  "iam:CreateAccessKey",
  "iam:CreateLoginProfile",
  "iam:UpdateLoginProfile",
  "iam:CreateRole",
  "iam:CreateUser",
  "iam:UpdateAssumeRolePolicy",
  "iam:PassRole",
  "sts:AssumeRole",
  "sts:AssumeRoleWithSAML",
  "sts:AssumeRoleWithWebIdentity",
  // Code that runs as a role (with PassRole, or replacing the code of a function that has one).
  "lambda:CreateFunction",
  "lambda:UpdateFunctionCode",
  "lambda:UpdateFunctionConfiguration",
  "lambda:CreateEventSourceMapping",
  "lambda:AddPermission",
  "lambda:AddLayerVersionPermission",
  "ec2:RunInstances",
  "ecs:RunTask",
  "ecs:RegisterTaskDefinition",
  "glue:CreateDevEndpoint",
  "glue:UpdateDevEndpoint",
  "glue:CreateJob",
  "glue:UpdateJob",
  "cloudformation:CreateStack",
  "cloudformation:UpdateStack",
  "cloudformation:CreateChangeSet",
  "cloudformation:ExecuteChangeSet",
  "datapipeline:CreatePipeline",
  "datapipeline:PutPipelineDefinition",
  "codebuild:CreateProject",
  "codebuild:UpdateProject",
  "codebuild:StartBuild",
  "sagemaker:CreateNotebookInstance",
  "sagemaker:CreatePresignedNotebookInstanceUrl",
  "sagemaker:CreateTrainingJob",
  "sagemaker:CreateProcessingJob",
  "ssm:SendCommand",
  "ssm:StartSession",
  // Resource policies that open a resource to other principals.
  "s3:PutBucketPolicy",
  "s3:PutBucketAcl",
  "kms:PutKeyPolicy",
  "kms:CreateGrant",
  "secretsmanager:PutResourcePolicy",
  "sqs:AddPermission",
  "sns:AddPermission",
  "sns:SetTopicAttributes",
  "ecr:SetRepositoryPolicy",
];

const ESCALATION = new Set(ESCALATION_ACTIONS.map((a) => a.toLowerCase()));

/** True for an action of `ESCALATION_ACTIONS`; IAM compares action names case-insensitively. */
export function isEscalationAction(action: string): boolean {
  return typeof action === "string" && ESCALATION.has(action.toLowerCase());
}
