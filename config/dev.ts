import type { EnvironmentFile } from "./types";

export const dev: EnvironmentFile = {
  environment: "dev",
  // A development environment: torn down freely, rule-pack findings printed without failing synth.
  protected: false,
  rulePackSeverity: "warn",
  aws: {
    region: "eu-west-1",
    accountId: "111111111111",
    stateBucket: "svc-terraform-state-eu-west-1",
    stateRegion: "eu-west-1",
    stateAccountId: "444444444444",
    logRetentionDays: 14,
    functions: { memorySize: 256, timeout: 10, tracing: true, deadLetterQueue: true, reservedConcurrency: 10 },
    corsAllowOrigins: ["http://localhost:3000"],
  },
  gcp: {
    projectId: "acme-svc-dev",
    projectNumber: "210000000001",
    region: "europe-west1",
    repository: { repositoryId: "svc-images", immutableTags: false, cleanupDryRun: false },
    services: {
      frontend: {
        image: "frontend",
        imageTag: "dev",
        port: 3000,
        cpu: "1",
        memory: "512Mi",
        minInstances: 0,
        maxInstances: 3,
        ingress: "all",
        public: true,
      },
      backend: {
        image: "backend",
        imageTag: "dev",
        port: 8080,
        cpu: "1",
        memory: "512Mi",
        minInstances: 0,
        maxInstances: 3,
        ingress: "internal",
        public: false,
      },
    },
    vpc: { network: "svc-dev", subnetwork: "svc-dev-europe-west1", egress: "all-traffic" },
    deployer: { accountId: "svc-dev-deployer" },
  },
};
