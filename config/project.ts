import type { ProjectConfig } from "./types";

export const project: ProjectConfig = {
  name: "svc",
  owner: "platform-team",
  // The repository whose workflows plan and deploy (docs/deploying.md, "Deployer identities").
  repository: "acme/svc-serverless",
};
