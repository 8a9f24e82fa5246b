import type { EnvironmentFile } from "./types";

export const prod: EnvironmentFile = {
  environment: "prod",
  promotedFrom: "stg",
  // Production: stateful resources are protected from deletion, rule-pack findings fail synth.
  protected: true,
  aws: {
    region: "eu-west-1",
    accountId: "333333333333",
    stateBucket: "svc-terraform-state-eu-west-1",
    stateRegion: "eu-west-1",
    stateAccountId: "444444444444",
    vpc: {
      vpcId: "vpc-0a1b2c3d4e5f60003",
      subnetIds: ["subnet-0a1b2c3d4e5f60031", "subnet-0a1b2c3d4e5f60032", "subnet-0a1b2c3d4e5f60033"],
    },
    logRetentionDays: 365,
    functions: { memorySize: 1024, timeout: 10, tracing: true, deadLetterQueue: true, reservedConcurrency: 50 },
    corsAllowOrigins: ["https://www.example.com"],
  },
  gcp: {
    projectId: "acme-svc-prod",
    projectNumber: "230000000003",
    region: "europe-west1",
    repository: { repositoryId: "svc-images", immutableTags: true, cleanupDryRun: true },
    services: {
      frontend: {
        image: "frontend",
        imageTag: "1.0.0",
        port: 3000,
        cpu: "1",
        memory: "1Gi",
        minInstances: 1,
        maxInstances: 20,
        ingress: "all",
        public: true,
      },
      backend: {
        image: "backend",
        imageTag: "1.0.0",
        port: 8080,
        cpu: "1",
        memory: "1Gi",
        minInstances: 1,
        maxInstances: 20,
        ingress: "internal",
        public: false,
      },
    },
    vpc: { network: "svc-prod", subnetwork: "svc-prod-europe-west1", egress: "all-traffic" },
    deployer: { accountId: "svc-prod-deployer" },
  },
};
