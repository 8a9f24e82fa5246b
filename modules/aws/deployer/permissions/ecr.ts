import { environmentArn, type DeployGrants } from "./grant";

const REPOSITORY = environmentArn("aws_ecr_repository", { name: "{prefix}*" });

export const ECR_GRANTS: DeployGrants = {
  aws_ecr_repository: [
    { phase: "read", actions: ["ecr:DescribeRepositories", "ecr:ListTagsForResource"], resources: [REPOSITORY] },
    {
      phase: "manage",
      actions: ["ecr:CreateRepository", "ecr:DeleteRepository", "ecr:PutImageTagMutability", "ecr:PutImageScanningConfiguration", "ecr:TagResource", "ecr:UntagResource"],
      resources: [REPOSITORY],
    },
  ],
  aws_ecr_lifecycle_policy: [
    { phase: "read", actions: ["ecr:GetLifecyclePolicy"], resources: [REPOSITORY] },
    { phase: "manage", actions: ["ecr:PutLifecyclePolicy", "ecr:DeleteLifecyclePolicy"], resources: [REPOSITORY] },
  ],
  aws_ecr_repository_policy: [
    { phase: "read", actions: ["ecr:GetRepositoryPolicy"], resources: [REPOSITORY] },
    { phase: "manage", actions: ["ecr:SetRepositoryPolicy", "ecr:DeleteRepositoryPolicy"], resources: [REPOSITORY] },
  ],
};
