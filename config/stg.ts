import type { EnvironmentFile } from "./types";

export const stg: EnvironmentFile = {
  environment: "stg",
  promotedFrom: "dev",
  // Production-like checks (rule-pack findings fail synth), without production's deletion protection.
  protected: false,
  aws: {
    region: "eu-west-1",
    accountId: "222222222222",
    stateBucket: "svc-terraform-state-eu-west-1",
    stateRegion: "eu-west-1",
    stateAccountId: "444444444444",
    vpc: {
      vpcId: "vpc-0a1b2c3d4e5f60002",
      subnetIds: ["subnet-0a1b2c3d4e5f60021", "subnet-0a1b2c3d4e5f60022"],
    },
    logRetentionDays: 90,
    functions: { memorySize: 512, timeout: 10, tracing: true, deadLetterQueue: true, reservedConcurrency: 20 },
    corsAllowOrigins: ["https://stg.example.com"],
  },
  gcp: {
    projectId: "acme-svc-stg",
    projectNumber: "220000000002",
    region: "europe-west1",
    repository: { repositoryId: "svc-images", immutableTags: true, cleanupDryRun: true },
    services: {
      frontend: {
        image: "frontend",
        imageTag: "1.0.0",
        port: 3000,
        cpu: "1",
        memory: "512Mi",
        minInstances: 0,
        maxInstances: 5,
        ingress: "all",
        public: true,
      },
      backend: {
        image: "backend",
        imageTag: "1.0.0",
        port: 8080,
        cpu: "1",
        memory: "512Mi",
        minInstances: 0,
        maxInstances: 5,
        ingress: "internal",
        public: false,
      },
    },
    vpc: { network: "svc-stg", subnetwork: "svc-stg-europe-west1", egress: "all-traffic" },
    deployer: { accountId: "svc-stg-deployer" },
  },
};
