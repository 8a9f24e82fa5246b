import type { EnvironmentFile } from "./types";

export const stg: EnvironmentFile = {
  environment: "stg",
  aws: {
    region: "eu-west-1",
    accountId: "222222222222",
    stateBucket: "svc-terraform-state-eu-west-1",
    stateRegion: "eu-west-1",
    vpc: {
      vpcId: "vpc-0a1b2c3d4e5f60002",
      subnetIds: ["subnet-0a1b2c3d4e5f60021", "subnet-0a1b2c3d4e5f60022"],
    },
    logRetentionDays: 90,
    functions: { memorySize: 512, timeout: 10, tracing: true, deadLetterQueue: true },
    corsAllowOrigins: ["https://stg.example.com"],
  },
};
