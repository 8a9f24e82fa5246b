import type { EnvironmentFile } from "./types";

export const prod: EnvironmentFile = {
  environment: "prod",
  aws: {
    region: "eu-west-1",
    accountId: "333333333333",
    stateBucket: "svc-terraform-state-eu-west-1",
    stateRegion: "eu-west-1",
    vpc: {
      vpcId: "vpc-0a1b2c3d4e5f60003",
      subnetIds: ["subnet-0a1b2c3d4e5f60031", "subnet-0a1b2c3d4e5f60032", "subnet-0a1b2c3d4e5f60033"],
    },
    logRetentionDays: 365,
    functions: { memorySize: 1024, timeout: 10, tracing: true, deadLetterQueue: true, reservedConcurrency: 100 },
    corsAllowOrigins: ["https://www.example.com"],
  },
};
