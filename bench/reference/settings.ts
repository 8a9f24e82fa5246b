// The same settings as the project's config/ (dev, stg, prod), written as plain objects the way a
// stock cdktf app keeps them. Keep in step with config/*.ts: the bench compares resource counts.

export interface VpcSettings {
  vpcId: string;
  subnetIds: string[];
}

export interface CloudRunSettings {
  image: string;
  imageTag: string;
  port: number;
  cpu: string;
  memory: string;
  minInstances: number;
  maxInstances: number;
  ingress: "INGRESS_TRAFFIC_ALL" | "INGRESS_TRAFFIC_INTERNAL_ONLY";
  public: boolean;
}

export interface GcpSettings {
  projectId: string;
  region: string;
  immutableTags: boolean;
  cleanupDryRun: boolean;
  frontend: CloudRunSettings;
  backend: CloudRunSettings;
  vpc?: { network: string; subnetwork: string };
  deployerAccountId?: string;
}

export interface EnvironmentSettings {
  name: "dev" | "stg" | "prod";
  project: string;
  owner: string;
  region: string;
  accountId: string;
  stateBucket: string;
  stateRegion: string;
  vpc?: VpcSettings;
  logRetentionDays: number;
  memorySize: number;
  timeout: number;
  tracing: boolean;
  deadLetterQueue: boolean;
  reservedConcurrency?: number;
  corsAllowOrigins?: string[];
  gcp?: GcpSettings;
}

function services(tag: string, memory: string, minInstances: number, maxInstances: number) {
  const service = { imageTag: tag, cpu: "1", memory, minInstances, maxInstances };
  return {
    frontend: { ...service, image: "frontend", port: 3000, ingress: "INGRESS_TRAFFIC_ALL" as const, public: true },
    backend: { ...service, image: "backend", port: 8080, ingress: "INGRESS_TRAFFIC_INTERNAL_ONLY" as const, public: false },
  };
}

const common = { project: "svc", owner: "platform-team", region: "eu-west-1", stateBucket: "svc-terraform-state-eu-west-1", stateRegion: "eu-west-1" };

export const ENVIRONMENTS: EnvironmentSettings[] = [
  {
    ...common,
    name: "dev",
    accountId: "111111111111",
    logRetentionDays: 14,
    memorySize: 256,
    timeout: 10,
    tracing: true,
    deadLetterQueue: true,
    reservedConcurrency: 10,
    corsAllowOrigins: ["http://localhost:3000"],
    gcp: {
      projectId: "acme-svc-dev",
      region: "europe-west1",
      immutableTags: false,
      cleanupDryRun: false,
      ...services("dev", "512Mi", 0, 3),
      vpc: { network: "svc-dev", subnetwork: "svc-dev-europe-west1" },
      deployerAccountId: "svc-dev-deployer",
    },
  },
  {
    ...common,
    name: "stg",
    accountId: "222222222222",
    vpc: { vpcId: "vpc-0a1b2c3d4e5f60002", subnetIds: ["subnet-0a1b2c3d4e5f60021", "subnet-0a1b2c3d4e5f60022"] },
    logRetentionDays: 90,
    memorySize: 512,
    timeout: 10,
    tracing: true,
    deadLetterQueue: true,
    reservedConcurrency: 20,
    corsAllowOrigins: ["https://stg.example.com"],
    gcp: {
      projectId: "acme-svc-stg",
      region: "europe-west1",
      immutableTags: true,
      cleanupDryRun: true,
      ...services("1.0.0", "512Mi", 0, 5),
      vpc: { network: "svc-stg", subnetwork: "svc-stg-europe-west1" },
      deployerAccountId: "svc-stg-deployer",
    },
  },
  {
    ...common,
    name: "prod",
    accountId: "333333333333",
    vpc: {
      vpcId: "vpc-0a1b2c3d4e5f60003",
      subnetIds: ["subnet-0a1b2c3d4e5f60031", "subnet-0a1b2c3d4e5f60032", "subnet-0a1b2c3d4e5f60033"],
    },
    logRetentionDays: 365,
    memorySize: 1024,
    timeout: 10,
    tracing: true,
    deadLetterQueue: true,
    reservedConcurrency: 50,
    corsAllowOrigins: ["https://www.example.com"],
    gcp: {
      projectId: "acme-svc-prod",
      region: "europe-west1",
      immutableTags: true,
      cleanupDryRun: true,
      ...services("1.0.0", "1Gi", 1, 20),
      vpc: { network: "svc-prod", subnetwork: "svc-prod-europe-west1" },
      deployerAccountId: "svc-prod-deployer",
    },
  },
];

export function defaultLabels(env: EnvironmentSettings): { [key: string]: string } {
  return { project: env.project, environment: env.name, "managed-by": "cdktf", owner: env.owner };
}

export function defaultTags(env: EnvironmentSettings): { [key: string]: string } {
  return { Project: env.project, Environment: env.name, ManagedBy: "cdktf", Owner: env.owner };
}
