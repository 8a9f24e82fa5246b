import type { DeployGrants } from "./grant";

/**
 * Secrets of the environment (`secret:<name>-<6 random characters>`), named `svc-dev-...` or as a
 * path, `svc/dev/...`. Written here rather than from the catalog's ARN, which ends in `-??????` (the
 * suffix of a secret that exists): whether CreateSecret is authorized against the ARN with its
 * suffix cannot be checked offline, so the pattern leaves the end open.
 */
const SECRET = ["arn:{partition}:secretsmanager:{region}:{account}:secret:{prefix}*", "arn:{partition}:secretsmanager:{region}:{account}:secret:{path}*"];

/** Secrets Manager: the secret's metadata and policy, never its value (the deployer neither reads nor writes values). */
export const SECRETSMANAGER_GRANTS: DeployGrants = {
  aws_secretsmanager_secret: [
    { phase: "read", actions: ["secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy"], resources: SECRET },
    {
      phase: "manage",
      actions: ["secretsmanager:CreateSecret", "secretsmanager:DeleteSecret", "secretsmanager:UpdateSecret", "secretsmanager:TagResource", "secretsmanager:UntagResource"],
      resources: SECRET,
    },
  ],
  aws_secretsmanager_secret_policy: [
    { phase: "read", actions: ["secretsmanager:GetResourcePolicy"], resources: SECRET },
    { phase: "manage", actions: ["secretsmanager:PutResourcePolicy", "secretsmanager:DeleteResourcePolicy"], resources: SECRET },
  ],
};
