import { deployerRoleArn, environmentNamePath, environmentNamePrefix, oidcProviderArn, permissionsBoundaryArn } from "../../../modules/aws/deployer-names";

const account = { partition: "aws", accountId: "111111111111", project: "svc", environment: "prod" };

describe("deployer names", () => {
  test("the deployer roles and the boundary live under /deployer/, named after the environment", () => {
    expect(deployerRoleArn(account, "github", "apply")).toBe("arn:aws:iam::111111111111:role/deployer/svc-prod-github-apply");
    expect(deployerRoleArn(account, "hcp", "plan")).toBe("arn:aws:iam::111111111111:role/deployer/svc-prod-hcp-plan");
    expect(permissionsBoundaryArn(account)).toBe("arn:aws:iam::111111111111:policy/deployer/svc-prod-permissions-boundary");
    expect(oidcProviderArn({ partition: "aws-us-gov", accountId: "222222222222" }, "token.actions.githubusercontent.com")).toBe(
      "arn:aws-us-gov:iam::222222222222:oidc-provider/token.actions.githubusercontent.com",
    );
  });

  test("the apply role's own patterns (role/<project>-<env>-*, policy/<project>-<env>-*) never reach the deployer's identities", () => {
    const prefix = environmentNamePrefix("svc", "prod");
    expect(prefix).toBe("svc-prod-");
    expect(environmentNamePath("svc", "prod")).toBe("svc/prod/");
    // IAM matches a resource pattern against the whole ARN: `*` spans `/`, so only the path keeps them apart.
    const matches = (pattern: string, arn: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`).test(arn);
    for (const arn of [deployerRoleArn(account, "github", "apply"), deployerRoleArn(account, "hcp", "plan"), permissionsBoundaryArn(account)]) {
      expect(matches(`arn:aws:iam::111111111111:role/${prefix}*`, arn)).toBe(false);
      expect(matches(`arn:aws:iam::111111111111:policy/${prefix}*`, arn)).toBe(false);
    }
    expect(matches(`arn:aws:iam::111111111111:role/${prefix}*`, "arn:aws:iam::111111111111:role/svc-prod-hello-role")).toBe(true);
  });
});
