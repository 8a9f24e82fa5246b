import type { EnvironmentFile } from "./types";

export const dev: EnvironmentFile = {
  environment: "dev",
  aws: {
    region: "eu-west-1",
    accountId: "111111111111",
    stateBucket: "svc-terraform-state-eu-west-1",
    stateRegion: "eu-west-1",
    logRetentionDays: 14,
    functions: { memorySize: 256, timeout: 10, tracing: false, deadLetterQueue: false },
    corsAllowOrigins: ["http://localhost:3000"],
  },
};
