import { TerraformVariable } from "cdktf";
import { ArtifactRegistryRepository, CloudRunService, type CloudRunServiceProps } from "../../../modules/gcp";
import { expectRefused, newStack, problemsOf } from "./support";

const IMAGE = "europe-west1-docker.pkg.dev/acme-svc-dev/svc-images/backend:1.0.0";
const BASE: CloudRunServiceProps = { serviceName: "svc-dev-backend", location: "europe-west1", image: IMAGE };

const build = (props: Partial<CloudRunServiceProps>) => () => new CloudRunService(newStack(), "Svc", { ...BASE, ...props } as CloudRunServiceProps);
const refused = (props: Partial<CloudRunServiceProps>, prop: string, rule: string | RegExp, ...received: unknown[]): void => {
  expectRefused(build(props), prop, rule, ...received);
};

describe("CloudRunService props: every refusal, by rule", () => {
  test("unknown props: refused by name (misspelt, or the AWS side's names), nothing dropped silently", () => {
    const problems = problemsOf(build({ memorySize: 1024, env: { A: "b" }, timeoutSeconds: 30 } as never));
    expect(problems.map((p) => [p.prop, p.received])).toEqual([
      ["memorySize", "an unknown prop"],
      ["env", "an unknown prop"],
      ["timeoutSeconds", "an unknown prop"],
    ]);
    expect(problems[0].rule).toMatch(/^one of the known props \(serviceName, location, project, image, .*, memory, .*, environment, .*\)$/);
  });
  test("every known prop is accepted", () => {
    const stack = newStack();
    const repository = new ArtifactRegistryRepository(stack, "Repo", { repositoryId: "svc-images", location: "europe-west1", project: "acme-svc-dev" });
    const all: Required<CloudRunServiceProps> = {
      ...BASE,
      project: "acme-svc-dev",
      containerPort: 3000,
      cpu: "2",
      memory: "1Gi",
      minInstances: 1,
      maxInstances: 3,
      concurrency: 50,
      timeout: 60,
      ingress: "internal",
      allowUnauthenticated: true,
      invokerIamDisabled: true,
      requestBasedBilling: false,
      startupCpuBoost: false,
      environment: { A: "b" },
      secrets: { DB: { secret: "db", version: "2" } },
      vpcAccess: { network: "net", subnetwork: "sub", networkTags: ["run"], egress: "all-traffic" },
      labels: { app: "backend" },
      deletionProtection: false,
      repository,
      serviceAccountId: "backend-runtime",
      ignoreImageChanges: true,
      events: [{ type: "schedule", expression: "0 3 * * *" }],
      description: "The backend",
      rollout: { percent: 10, tag: "canary" },
      startupProbe: { path: "/ready", port: 3000, periodSeconds: 5 },
      livenessProbe: { path: "/healthz", periodSeconds: 30 },
      alarms: { serverErrors: { threshold: 5 }, latency: { thresholdMs: 800, statistic: "p95" } },
    };
    expect(() => new CloudRunService(stack, "Svc", all)).not.toThrow();
  });

  test("serviceName: required", () => refused({ serviceName: "" }, "serviceName", "required", ""));
  test("serviceName: lowercase only", () => refused({ serviceName: "Backend" }, "serviceName", "lowercase letters", "Backend"));
  test("serviceName: starts with a letter", () => refused({ serviceName: "1backend" }, "serviceName", "starting with a letter", "1backend"));
  test("serviceName: no trailing hyphen", () => refused({ serviceName: "backend-" }, "serviceName", "not ending with -", "backend-"));
  test("serviceName: at most 49 characters", () => refused({ serviceName: `b${"a".repeat(49)}` }, "serviceName", "1 to 49", `b${"a".repeat(49)}`));
  test("serviceName: its derived service account id must fit the 6-30 rule", () => {
    refused({ serviceName: "a" }, "serviceName", "derived service account id", "a (service account id a-run)");
  });

  test("serviceAccountId: 6 to 30 characters, lowercase, starting with a letter", () => {
    refused({ serviceAccountId: "short" }, "serviceAccountId", "6 to 30", "short");
    refused({ serviceAccountId: "Backend-runtime" }, "serviceAccountId", "6 to 30", "Backend-runtime");
    refused({ serviceAccountId: "a".repeat(31) }, "serviceAccountId", "6 to 30", "a".repeat(31));
  });

  test("location: required", () => refused({ location: "" }, "location", "required", ""));
  test("location: a region name", () => {
    refused({ location: "eu-west-1" }, "location", "a region name such as europe-west1", "eu-west-1");
    refused({ location: "europe" }, "location", "a region name", "europe");
  });

  test("project: the project id rule", () => refused({ project: "Acme" }, "project", "6 to 30 lowercase", "Acme"));

  test("image: required", () => refused({ image: "" }, "image", "required", ""));
  test("image: a URL with an explicit tag or digest", () => {
    refused({ image: "europe-west1-docker.pkg.dev/acme/svc/backend" }, "image", "with a :tag or an @sha256: digest", "europe-west1-docker.pkg.dev/acme/svc/backend");
    refused({ image: "Backend:1.0" }, "image", "an image URL", "Backend:1.0");
  });
  test("image: from the given repository", () => {
    const stack = newStack();
    const repo = new ArtifactRegistryRepository(stack, "Repo", { repositoryId: "other", location: "europe-west1", project: "acme-svc-dev" });
    expectRefused(
      () => new CloudRunService(stack, "Svc", { ...BASE, repository: repo }),
      "image",
      "an image of the given repository (europe-west1-docker.pkg.dev/acme-svc-dev/other/...)",
      IMAGE,
    );
  });
  test("repository: an ArtifactRegistryRepository", () => {
    refused({ repository: { repositoryUrl: "x" } as never }, "repository", "an ArtifactRegistryRepository", { repositoryUrl: "x" });
  });

  test("containerPort: an integer from 1 to 65535", () => {
    refused({ containerPort: 0 }, "containerPort", "an integer from 1 to 65535", 0);
    refused({ containerPort: 65536 }, "containerPort", "an integer from 1 to 65535", 65536);
    refused({ containerPort: 80.5 }, "containerPort", "an integer from 1 to 65535", 80.5);
  });

  test("cpu: 1, 2, 4, 6, 8 or a fraction from 0.08 to below 1", () => {
    for (const cpu of ["3", "16", "0.05", "one", "1.5", ""]) refused({ cpu }, "cpu", "a vCPU count", cpu);
  });
  test("memory: Mi or Gi from 128Mi to 32Gi", () => {
    for (const memory of ["512", "512MB", "64Mi", "33Gi", "1.5Gi"]) refused({ memory }, "memory", "a memory size in Mi or Gi", memory);
  });
  test("memory: within Cloud Run's vCPU and memory table", () => {
    refused({ cpu: "1", memory: "8Gi" }, "memory", 'from 128Mi to 4096Mi with cpu "1"', "8Gi");
    refused({ cpu: "4", memory: "1Gi" }, "memory", 'from 2048Mi to 16384Mi with cpu "4"', "1Gi");
    refused({ cpu: "0.25", memory: "1Gi", concurrency: 1 }, "memory", 'from 128Mi to 512Mi with cpu "0.25"', "1Gi");
  });
  test("concurrency: 1 when cpu is below 1", () => refused({ cpu: "0.5", concurrency: 10 }, "concurrency", "1 when cpu is below 1", 10));
  test("requestBasedBilling: true when cpu is below 1", () => {
    refused({ cpu: "500m", requestBasedBilling: false }, "requestBasedBilling", "true (request-based billing) when cpu is below 1", false);
  });

  test("minInstances: an integer from 0 to 1000", () => refused({ minInstances: -1 }, "minInstances", "an integer from 0 to 1000", -1));
  test("maxInstances: an integer from 1 to 1000", () => {
    refused({ maxInstances: 0 }, "maxInstances", "an integer from 1 to 1000", 0);
    refused({ maxInstances: 1001 }, "maxInstances", "an integer from 1 to 1000", 1001);
  });
  test("minInstances: at most maxInstances", () => {
    refused({ minInstances: 5, maxInstances: 2 }, "minInstances", "at most maxInstances (2)", 5);
    refused({ minInstances: 101 }, "minInstances", "at most maxInstances (100)", 101);
  });
  test("concurrency: an integer from 1 to 1000", () => {
    refused({ concurrency: 0 }, "concurrency", "an integer from 1 to 1000", 0);
    refused({ concurrency: 1001 }, "concurrency", "an integer from 1 to 1000", 1001);
  });
  test("timeout: an integer from 1 to 3600 seconds", () => {
    refused({ timeout: 0 }, "timeout", "an integer from 1 to 3600 seconds", 0);
    refused({ timeout: 3601 }, "timeout", "an integer from 1 to 3600 seconds", 3601);
  });
  test("ingress: all, internal or internal-and-cloud-load-balancing", () => {
    refused({ ingress: "public" as never }, "ingress", '"all", "internal", "internal-and-cloud-load-balancing"', "public");
    refused({ ingress: "INGRESS_TRAFFIC_ALL" as never }, "ingress", "one of", "INGRESS_TRAFFIC_ALL");
  });

  test.each(["allowUnauthenticated", "invokerIamDisabled", "requestBasedBilling", "startupCpuBoost", "deletionProtection", "ignoreImageChanges"] as const)(
    "%s: true or false",
    (prop) => {
      refused({ [prop]: "yes" }, prop, "true or false", "yes");
    },
  );
  test("invokerIamDisabled: only together with allowUnauthenticated", () => {
    refused({ invokerIamDisabled: true }, "invokerIamDisabled", "only together with allowUnauthenticated", true);
  });

  test("description: at most 512 characters", () => refused({ description: "d".repeat(513) }, "description", "0 to 512", "d".repeat(513)));

  test("environment: a map of names to strings", () => {
    refused({ environment: ["A=b"] as never }, "environment", "a map of names to string values", ["A=b"]);
    refused({ environment: { COUNT: 3 as never } }, "environment.COUNT", "a string", 3);
  });
  test("environment: names are C identifiers", () => {
    refused({ environment: { "MY-VAR": "x" } }, "environment key", "a C identifier", "MY-VAR");
    refused({ environment: { "1VAR": "x" } }, "environment key", "a C identifier", "1VAR");
  });
  test.each(["PORT", "K_SERVICE", "K_REVISION", "K_CONFIGURATION"])("environment: %s is reserved by Cloud Run", (name) => {
    refused({ environment: { [name]: "x" } }, `environment.${name}`, "a name Cloud Run does not reserve", name);
  });
  test("environment: values of at most 32768 characters", () => {
    refused({ environment: { BIG: "x".repeat(32769) } }, "environment.BIG", "at most 32768 characters", "32769 characters");
  });

  test("secrets: a map of names to { secret, version? }", () => {
    refused({ secrets: [] as never }, "secrets", "a map of environment names", []);
    refused({ secrets: { DB: "db-password" as never } }, "secrets.DB", "{ secret, version? }", "db-password");
  });
  test("secrets: each entry has only secret and version", () => {
    refused({ secrets: { DB: { secret: "db", versionId: "2" } as never } }, "secrets.DB.versionId", "one of the known props (secret, version)", "an unknown prop");
  });
  test("secrets: secret is required", () => refused({ secrets: { DB: { secret: "" } } }, "secrets.DB.secret", "required", ""));
  test("secrets: a secret id or projects/<project>/secrets/<id>", () => {
    refused({ secrets: { DB: { secret: "db password" } } }, "secrets.DB.secret", "a secret id", "db password");
    refused({ secrets: { DB: { secret: "projects/p/db" } } }, "secrets.DB.secret", "projects/<project>/secrets/<id>", "projects/p/db");
  });
  test("secrets: version is latest or a number", () => {
    refused({ secrets: { DB: { secret: "db", version: "v1" } } }, "secrets.DB.version", '"latest" or a version number', "v1");
    refused({ secrets: { DB: { secret: "db", version: "0" } } }, "secrets.DB.version", '"latest" or a version number', "0");
  });
  test("secrets: names are C identifiers and not reserved", () => {
    refused({ secrets: { "db-pass": { secret: "db" } } }, "secrets key", "a C identifier", "db-pass");
    refused({ secrets: { PORT: { secret: "db" } } }, "secrets.PORT", "a name Cloud Run does not reserve", "PORT");
  });
  test("secrets: a name not also in environment", () => {
    refused({ environment: { DB: "x" }, secrets: { DB: { secret: "db" } } }, "secrets.DB", "a name not also set in environment", "DB");
  });

  test("vpcAccess: an object with a subnetwork", () => {
    refused({ vpcAccess: "default" as never }, "vpcAccess", "{ network?, subnetwork", "default");
    refused({ vpcAccess: {} as never }, "vpcAccess.subnetwork", "required", undefined);
  });
  test("vpcAccess: only network, subnetwork, networkTags and egress (no Serverless VPC Access connector)", () => {
    refused(
      { vpcAccess: { subnetwork: "sub", connector: "projects/p/locations/europe-west1/connectors/c" } as never },
      "vpcAccess.connector",
      "one of the known props (network, subnetwork, networkTags, egress)",
      "an unknown prop",
    );
  });
  test("vpcAccess.subnetwork: a name or projects/<p>/regions/<r>/subnetworks/<s>", () => {
    refused({ vpcAccess: { subnetwork: "Sub_1" } }, "vpcAccess.subnetwork", "a subnetwork name", "Sub_1");
  });
  test("vpcAccess.network: a name or projects/<p>/global/networks/<n>", () => {
    refused({ vpcAccess: { subnetwork: "sub", network: "projects/p/networks/n" } }, "vpcAccess.network", "a VPC network name", "projects/p/networks/n");
  });
  test("vpcAccess.egress: all-traffic or private-ranges-only", () => {
    refused({ vpcAccess: { subnetwork: "sub", egress: "ALL_TRAFFIC" as never } }, "vpcAccess.egress", '"all-traffic", "private-ranges-only"', "ALL_TRAFFIC");
  });
  test("vpcAccess.networkTags: RFC 1035 tags", () => {
    refused({ vpcAccess: { subnetwork: "sub", networkTags: ["Web_Tag"] } }, "vpcAccess.networkTags[0]", "a network tag", "Web_Tag");
  });

  test("labels: GCP label rules", () => {
    refused({ labels: { Component: "api" } }, "labels key", "starting with a lowercase letter", "Component");
    refused({ labels: { component: "API" } }, "labels.component", "up to 63 lowercase", "API");
  });

  test("every problem is reported at once, with the construct path, prop, rule and value received", () => {
    const problems = problemsOf(build({ serviceName: "Bad_Name", containerPort: 0, ingress: "open" as never, environment: { PORT: "1" } }));
    expect(problems.map((p) => p.prop)).toEqual(["serviceName", "containerPort", "ingress", "environment.PORT"]);
    expect(problems.every((p) => p.path === "test/Svc")).toBe(true);
    expect(build({ containerPort: 0 })).toThrow(
      'Invalid CloudRunService props at test/Svc (1 problem):\n  - [test/Svc] containerPort: must be an integer from 1 to 65535; received 0',
    );
  });

  test("unresolved tokens are skipped: they are only known to Terraform", () => {
    const stack = newStack();
    const text = (name: string) => new TerraformVariable(stack, name, { type: "string" }).stringValue;
    const num = (name: string) => new TerraformVariable(stack, name, { type: "number" }).numberValue;
    expect(
      () =>
        new CloudRunService(stack, "Svc", {
          serviceName: "svc-dev-backend",
          location: text("region"),
          image: `${text("registry")}/backend:1.0.0`,
          containerPort: num("port"),
          maxInstances: num("max"),
          minInstances: 2,
          environment: { VALUE: text("value") },
        }),
    ).not.toThrow();
  });
});
