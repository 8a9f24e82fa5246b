import { ArtifactRegistryRepository } from "@cdktf/provider-google/lib/artifact-registry-repository";
import { ArtifactRegistryRepositoryIamMember } from "@cdktf/provider-google/lib/artifact-registry-repository-iam-member";
import { CloudRunV2Job } from "@cdktf/provider-google/lib/cloud-run-v2-job";
import { CloudRunV2Service, type CloudRunV2ServiceConfig, type CloudRunV2ServiceTemplateContainers } from "@cdktf/provider-google/lib/cloud-run-v2-service";
import { CloudRunV2ServiceIamBinding } from "@cdktf/provider-google/lib/cloud-run-v2-service-iam-binding";
import { CloudRunV2ServiceIamMember } from "@cdktf/provider-google/lib/cloud-run-v2-service-iam-member";
import { CloudRunV2ServiceIamPolicy } from "@cdktf/provider-google/lib/cloud-run-v2-service-iam-policy";
import { DataGoogleIamPolicy } from "@cdktf/provider-google/lib/data-google-iam-policy";
import { ProjectIamBinding } from "@cdktf/provider-google/lib/project-iam-binding";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ProjectIamPolicy } from "@cdktf/provider-google/lib/project-iam-policy";
import { SecretManagerSecret } from "@cdktf/provider-google/lib/secret-manager-secret";
import { SecretManagerSecretIamBinding } from "@cdktf/provider-google/lib/secret-manager-secret-iam-binding";
import { FolderIamMember } from "@cdktf/provider-google/lib/folder-iam-member";
import { OrganizationIamBinding } from "@cdktf/provider-google/lib/organization-iam-binding";
import { OrganizationIamCustomRole } from "@cdktf/provider-google/lib/organization-iam-custom-role";
import { ProjectIamCustomRole } from "@cdktf/provider-google/lib/project-iam-custom-role";
import { PubsubTopicIamMember } from "@cdktf/provider-google/lib/pubsub-topic-iam-member";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { ServiceAccountKey } from "@cdktf/provider-google/lib/service-account-key";
import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import { StorageBucketIamPolicy } from "@cdktf/provider-google/lib/storage-bucket-iam-policy";
import { BigqueryDataset } from "@cdktf/provider-google/lib/bigquery-dataset";
import { BigqueryDatasetAccessA } from "@cdktf/provider-google/lib/bigquery-dataset-access";
import { BigqueryDatasetIamMember } from "@cdktf/provider-google/lib/bigquery-dataset-iam-member";
import { BigqueryTableIamBinding } from "@cdktf/provider-google/lib/bigquery-table-iam-binding";
import { ComputeFirewall } from "@cdktf/provider-google/lib/compute-firewall";
import { ComputeFirewallPolicyRule } from "@cdktf/provider-google/lib/compute-firewall-policy-rule";
import { ComputeNetworkFirewallPolicyRule } from "@cdktf/provider-google/lib/compute-network-firewall-policy-rule";
import { ServiceAccountIamMember } from "@cdktf/provider-google/lib/service-account-iam-member";
import { StorageBucketAccessControl } from "@cdktf/provider-google/lib/storage-bucket-access-control";
import { StorageBucketAcl } from "@cdktf/provider-google/lib/storage-bucket-acl";
import { StorageDefaultObjectAcl } from "@cdktf/provider-google/lib/storage-default-object-acl";
import { StorageObjectAccessControl } from "@cdktf/provider-google/lib/storage-object-access-control";
import { StorageObjectAcl } from "@cdktf/provider-google/lib/storage-object-acl";
import { TerraformVariable } from "cdktf";
import type { TerraformStack } from "cdktf";
import type { RuleCases } from "./cases";

const PROJECT = "svc-prod-123";
const LOCATION = "europe-west1";
const DEFAULT_COMPUTE_SA = "123456789012-compute@developer.gserviceaccount.com";
const KMS_KEY = `projects/${PROJECT}/locations/${LOCATION}/keyRings/ring/cryptoKeys/images`;

/** A Cloud Run v2 service as CloudRunService would make it (own service account), with overrides. */
function service(
  stack: TerraformStack,
  config: Partial<CloudRunV2ServiceConfig> = {},
  containers: CloudRunV2ServiceTemplateContainers[] = [{ image: "europe-west1-docker.pkg.dev/p/r/app:1" }],
  ownAccount = true,
): CloudRunV2Service {
  const account = ownAccount ? new ServiceAccount(stack, "RunAccount", { accountId: "app-run", project: PROJECT }) : undefined;
  return new CloudRunV2Service(stack, "Service", {
    name: "app",
    location: LOCATION,
    project: PROJECT,
    template: { serviceAccount: account?.email, containers },
    ...config,
  });
}

function repository(stack: TerraformStack, kmsKeyName?: string): ArtifactRegistryRepository {
  return new ArtifactRegistryRepository(stack, "Repo", { repositoryId: "images", format: "DOCKER", location: LOCATION, project: PROJECT, kmsKeyName });
}

const projectMember = (role: string, member: string) => (s: TerraformStack) => new ProjectIamMember(s, "Grant", { project: PROJECT, role, member });

const POOL = "projects/123456789012/locations/global/workloadIdentityPools/github";
const DEPLOYER_SA = "serviceAccount:deployer@svc-prod-123.iam.gserviceaccount.com";

/** roles/iam.workloadIdentityUser on a deployer service account, for `member`. */
function deployerImpersonation(stack: TerraformStack, member: string): void {
  const account = new ServiceAccount(stack, "Deployer", { accountId: "deployer", project: PROJECT });
  new ServiceAccountIamMember(stack, "Federation", { serviceAccountId: account.name, role: "roles/iam.workloadIdentityUser", member });
}

/** An ingress firewall on port 443 with `config` on top. */
function firewall(stack: TerraformStack, config: Partial<ConstructorParameters<typeof ComputeFirewall>[2]> = {}): ComputeFirewall {
  return new ComputeFirewall(stack, "Firewall", { name: "https-in", network: "default", project: PROJECT, allow: [{ protocol: "tcp", ports: ["443"] }], ...config });
}

/** An allow rule of a hierarchical firewall policy from `ranges`. */
function policyRule(stack: TerraformStack, ranges: string[], action = "allow"): ComputeFirewallPolicyRule {
  return new ComputeFirewallPolicyRule(stack, "PolicyRule", {
    firewallPolicy: "locations/global/firewallPolicies/123",
    priority: 1000,
    direction: "INGRESS",
    action,
    match: { srcIpRanges: ranges, layer4Configs: [{ ipProtocol: "tcp", ports: ["22"] }] },
  });
}

export const GCP_CASES: Readonly<Record<string, RuleCases>> = {
  "cloud-run-own-service-account": {
    compliant: {
      "service with its own google_service_account": (s) => service(s),
      "job with its own service account": (s) => {
        const account = new ServiceAccount(s, "JobAccount", { accountId: "job-run", project: PROJECT });
        new CloudRunV2Job(s, "Job", { name: "job", location: LOCATION, template: { template: { serviceAccount: account.email, containers: [{ image: "img" }] } } });
      },
    },
    noncompliant: {
      "service without a service account": { build: (s) => service(s, {}, undefined, false), detail: /template.service_account is unset/ },
      "service on the default compute service account": {
        build: (s) => service(s, { template: { serviceAccount: DEFAULT_COMPUTE_SA, containers: [{ image: "img" }] } }, undefined, false),
        detail: /a default service account/,
      },
    },
  },
  "cloud-run-no-public-access": {
    compliant: {
      "invoker granted to a calling service account": (s) => {
        const svc = service(s);
        new CloudRunV2ServiceIamMember(s, "Invoker", { name: svc.name, location: LOCATION, role: "roles/run.invoker", member: "serviceAccount:frontend@svc-prod-123.iam.gserviceaccount.com" });
      },
      "service with invoker_iam_disabled false": (s) => service(s, { invokerIamDisabled: false }),
    },
    noncompliant: {
      "invoker granted to allUsers": {
        build: (s) => {
          const svc = service(s);
          new CloudRunV2ServiceIamMember(s, "Invoker", { name: svc.name, location: LOCATION, role: "roles/run.invoker", member: "allUsers" });
        },
        detail: /grants roles\/run.invoker to allUsers/,
      },
      "binding that includes allAuthenticatedUsers": {
        build: (s) => new CloudRunV2ServiceIamBinding(s, "Invokers", { name: "app", location: LOCATION, role: "roles/run.invoker", members: ["user:a@example.com", "allAuthenticatedUsers"] }),
        detail: /allAuthenticatedUsers/,
      },
      "IAM policy from a google_iam_policy document with allUsers": {
        build: (s) => {
          const policy = new DataGoogleIamPolicy(s, "PolicyData", { binding: [{ role: "roles/run.invoker", members: ["allUsers"] }] });
          new CloudRunV2ServiceIamPolicy(s, "Policy", { name: "app", location: LOCATION, policyData: policy.policyData });
        },
        detail: /roles\/run.invoker to allUsers/,
      },
      "service with invoker_iam_disabled": { build: (s) => service(s, { invokerIamDisabled: true }), detail: /invoker_iam_disabled is true/ },
    },
  },
  "cloud-run-environment-secrets": {
    compliant: {
      "plain settings and a secret mounted from Secret Manager": (s) =>
        service(s, {}, [
          {
            image: "img",
            env: [
              { name: "LOG_LEVEL", value: "info" },
              { name: "API_TOKEN", valueSource: { secretKeyRef: { secret: "api-token", version: "latest" } } },
            ],
          },
        ]),
    },
    noncompliant: {
      "literal API_KEY": { build: (s) => service(s, {}, [{ image: "img", env: [{ name: "API_KEY", value: "0123456789abcdef" }] }]), detail: /API_KEY is named like a secret/ },
      "Google API key in a plain variable": {
        build: (s) => service(s, {}, [{ image: "img", env: [{ name: "MAPS", value: "AIzaSyA1234567890abcdefghijklmnopqrstuv" }] }]),
        detail: /MAPS holds a Google API key/,
      },
    },
  },
  "cloud-run-deletion-protection": {
    compliant: {
      "service with the provider default in prod": (s) => service(s),
      "service without deletion protection in dev": { build: (s) => service(s, { deletionProtection: false }), environment: "dev" },
    },
    noncompliant: { "service with deletion_protection false in prod": { build: (s) => service(s, { deletionProtection: false }), detail: /deletion_protection is false in prod/ } },
  },
  "gcp-no-public-access": {
    compliant: {
      "repository reader granted to a service account": (s) =>
        new ArtifactRegistryRepositoryIamMember(s, "Reader", { repository: repository(s).name, location: LOCATION, role: "roles/artifactregistry.reader", member: "serviceAccount:app-run@svc-prod-123.iam.gserviceaccount.com" }),
    },
    noncompliant: {
      "repository readable by allUsers": {
        build: (s) => new ArtifactRegistryRepositoryIamMember(s, "Reader", { repository: repository(s).name, location: LOCATION, role: "roles/artifactregistry.reader", member: "allUsers" }),
        detail: /roles\/artifactregistry.reader to allUsers/,
      },
      "secret readable by allAuthenticatedUsers": {
        build: (s) => {
          const secret = new SecretManagerSecret(s, "Secret", { secretId: "db", replication: { auto: {} } });
          new SecretManagerSecretIamBinding(s, "Readers", { secretId: secret.id, role: "roles/secretmanager.secretAccessor", members: ["allAuthenticatedUsers"] });
        },
        detail: /roles\/secretmanager.secretAccessor to allAuthenticatedUsers/,
      },
      "Cloud Storage bucket readable by allUsers": {
        build: (s) => {
          const b = new StorageBucket(s, "Bucket", { name: "svc-assets", location: "EU" });
          new StorageBucketIamMember(s, "Public", { bucket: b.name, role: "roles/storage.objectViewer", member: "allUsers" });
        },
        detail: /roles\/storage.objectViewer to allUsers/,
      },
      "bucket IAM policy (literal policy_data) for allAuthenticatedUsers": {
        build: (s) =>
          new StorageBucketIamPolicy(s, "Policy", { bucket: "svc-assets", policyData: JSON.stringify({ bindings: [{ role: "roles/storage.objectViewer", members: ["allAuthenticatedUsers"] }] }) }),
        detail: /to allAuthenticatedUsers/,
      },
      "BigQuery dataset readable by allAuthenticatedUsers (dataset IAM)": {
        build: (s) => new BigqueryDatasetIamMember(s, "Readers", { datasetId: "sales", role: "roles/bigquery.dataViewer", member: "allAuthenticatedUsers" }),
        detail: /roles\/bigquery.dataViewer to allAuthenticatedUsers/,
      },
      "BigQuery table readable by allUsers (table IAM binding)": {
        build: (s) => new BigqueryTableIamBinding(s, "Readers", { datasetId: "sales", tableId: "orders", role: "roles/bigquery.dataViewer", members: ["allUsers"] }),
        detail: /roles\/bigquery.dataViewer to allUsers/,
      },
      "Pub/Sub topic anyone can publish to": {
        build: (s) => new PubsubTopicIamMember(s, "Publisher", { topic: "orders", role: "roles/pubsub.publisher", member: "allUsers" }),
        detail: /roles\/pubsub.publisher to allUsers/,
      },
    },
  },
  "gcp-no-basic-roles": {
    compliant: { "predefined role at project level": projectMember("roles/logging.logWriter", "serviceAccount:app-run@svc-prod-123.iam.gserviceaccount.com") },
    noncompliant: {
      "roles/editor for a service account": { build: projectMember("roles/editor", "serviceAccount:app-run@svc-prod-123.iam.gserviceaccount.com"), detail: /grants roles\/editor to serviceAccount:app-run/ },
      "roles/owner binding": { build: (s) => new ProjectIamBinding(s, "Owners", { project: PROJECT, role: "roles/owner", members: ["user:a@example.com"] }), detail: /roles\/owner to user:a@example.com/ },
    },
  },
  "gcp-no-project-admin-roles": {
    compliant: {
      "predefined non-admin role at project level": projectMember("roles/cloudtrace.agent", "serviceAccount:app-run@svc-prod-123.iam.gserviceaccount.com"),
      "roles/run.admin at project level is gcp-no-project-escalation-roles' (not reported twice)": projectMember("roles/run.admin", DEPLOYER_SA),
    },
    noncompliant: {
      "roles/storage.objectAdmin at project level": { build: projectMember("roles/storage.objectAdmin", "group:ops@example.com"), detail: /objectAdmin/ },
      "roles/pubsub.admin at project level": { build: projectMember("roles/pubsub.admin", DEPLOYER_SA), detail: /grants roles\/pubsub.admin to serviceAccount:deployer/ },
    },
  },
  "gcp-no-project-escalation-roles": {
    compliant: {
      "a predefined role that acts on its own service (roles/logging.logWriter)": projectMember("roles/logging.logWriter", "serviceAccount:app-run@svc-prod-123.iam.gserviceaccount.com"),
      "roles/iam.serviceAccountUser on one service account (not the project)": (s) => {
        const account = new ServiceAccount(s, "Runtime", { accountId: "app-run", project: PROJECT });
        new ServiceAccountIamMember(s, "ActAs", { serviceAccountId: account.name, role: "roles/iam.serviceAccountUser", member: DEPLOYER_SA });
      },
      "roles/secretmanager.secretAccessor on one secret (not the project)": (s) => {
        const secret = new SecretManagerSecret(s, "Secret", { secretId: "db", replication: { auto: {} } });
        new SecretManagerSecretIamBinding(s, "Readers", { secretId: secret.id, role: "roles/secretmanager.secretAccessor", members: ["serviceAccount:app-run@svc-prod-123.iam.gserviceaccount.com"] });
      },
    },
    noncompliant: {
      "roles/iam.serviceAccountUser at project level": { build: projectMember("roles/iam.serviceAccountUser", "user:dev@example.com"), detail: /grants roles\/iam.serviceAccountUser to user:dev@example.com on the project/ },
      "roles/iam.serviceAccountTokenCreator at project level": { build: projectMember("roles/iam.serviceAccountTokenCreator", DEPLOYER_SA), detail: /serviceAccountTokenCreator/ },
      "roles/cloudbuild.builds.editor (runs builds as the Cloud Build service account)": { build: projectMember("roles/cloudbuild.builds.editor", "group:devs@example.com"), detail: /cloudbuild.builds.editor/ },
      "roles/deploymentmanager.editor": { build: projectMember("roles/deploymentmanager.editor", "group:devs@example.com"), detail: /deploymentmanager.editor/ },
      "roles/secretmanager.secretAccessor at project level (every secret)": { build: projectMember("roles/secretmanager.secretAccessor", "serviceAccount:app-run@svc-prod-123.iam.gserviceaccount.com"), detail: /secretAccessor/ },
      "roles/run.admin in a project binding": {
        build: (s) => new ProjectIamBinding(s, "Admins", { project: PROJECT, role: "roles/run.admin", members: [DEPLOYER_SA] }),
        detail: /grants roles\/run.admin to serviceAccount:deployer/,
      },
      "a service agent role granted to a user": { build: projectMember("roles/cloudbuild.serviceAgent", "user:dev@example.com"), detail: /roles\/cloudbuild.serviceAgent/ },
      "roles/iam.workloadIdentityUser in a project IAM policy document": {
        build: (s) => {
          const policy = new DataGoogleIamPolicy(s, "PolicyData", { binding: [{ role: "roles/iam.workloadIdentityUser", members: [`principalSet://iam.googleapis.com/${POOL}/attribute.repository/acme/app`] }] });
          new ProjectIamPolicy(s, "Policy", { project: PROJECT, policyData: policy.policyData });
        },
        detail: /roles\/iam.workloadIdentityUser to principalSet/,
      },
    },
  },
  "gcp-no-default-service-account-grants": {
    compliant: { "grant to a workload's own service account": projectMember("roles/cloudtrace.agent", "serviceAccount:app-run@svc-prod-123.iam.gserviceaccount.com") },
    noncompliant: {
      "grant to the default compute service account": { build: projectMember("roles/cloudtrace.agent", `serviceAccount:${DEFAULT_COMPUTE_SA}`), detail: /-compute@developer\.gserviceaccount\.com/ },
      "grant to the App Engine default service account": { build: projectMember("roles/cloudtrace.agent", "serviceAccount:svc-prod-123@appspot.gserviceaccount.com"), detail: /@appspot/ },
    },
  },
  "artifact-registry-cmek": {
    compliant: { "repository with a Cloud KMS key": (s) => repository(s, KMS_KEY) },
    noncompliant: { "repository with the Google-managed key": { build: (s) => repository(s), detail: /kms_key_name is unset/ } },
  },
  "gcp-no-org-folder-grants": {
    compliant: { "grant on the project, not above it": projectMember("roles/logging.logWriter", "serviceAccount:app-run@svc-prod-123.iam.gserviceaccount.com") },
    noncompliant: {
      "organization binding": {
        build: (s) => new OrganizationIamBinding(s, "Org", { orgId: "123456789", role: "roles/viewer", members: ["group:devs@example.com"] }),
        detail: /grants roles\/viewer to group:devs@example.com on the organization/,
      },
      "folder member": {
        build: (s) => new FolderIamMember(s, "Folder", { folder: "folders/42", role: "roles/run.admin", member: "serviceAccount:ci@p.iam.gserviceaccount.com" }),
        detail: /on the folder/,
      },
    },
  },
  "gcp-no-service-account-keys": {
    compliant: { "a service account without keys": (s) => new ServiceAccount(s, "Account", { accountId: "app-run", project: PROJECT }) },
    noncompliant: {
      "a key for the service account": {
        build: (s) => new ServiceAccountKey(s, "Key", { serviceAccountId: new ServiceAccount(s, "Account", { accountId: "app-run", project: PROJECT }).name }),
        detail: /private key lands in the Terraform state/,
      },
    },
  },
  "gcp-custom-role-no-escalation": {
    compliant: {
      "read-only custom role": (s) => new ProjectIamCustomRole(s, "Role", { roleId: "reader", title: "Reader", project: PROJECT, permissions: ["run.services.get", "storage.objects.get"] }),
      "a role that runs jobs as they are (run.jobs.run, no overrides) and lists API keys' metadata": (s) =>
        new ProjectIamCustomRole(s, "Role", { roleId: "runner", title: "Runner", project: PROJECT, permissions: ["run.jobs.run", "run.executions.get", "serviceusage.apiKeys.list"] }),
    },
    noncompliant: {
      "project role with setIamPolicy": {
        build: (s) => new ProjectIamCustomRole(s, "Role", { roleId: "ops", title: "Ops", project: PROJECT, permissions: ["run.services.get", "resourcemanager.projects.setIamPolicy"] }),
        detail: /permissions resourcemanager.projects.setIamPolicy let the holder/,
      },
      "project role that runs Cloud Run jobs with overrides": {
        build: (s) => new ProjectIamCustomRole(s, "Role", { roleId: "jobs", title: "Jobs", project: PROJECT, permissions: ["run.jobs.get", "run.jobs.runWithOverrides"] }),
        detail: /permissions run.jobs.runWithOverrides let the holder/,
      },
      "project role that reads API keys and execs into pods": {
        build: (s) => new ProjectIamCustomRole(s, "Role", { roleId: "ops", title: "Ops", project: PROJECT, permissions: ["apikeys.keys.getKeyString", "container.pods.exec", "container.pods.get"] }),
        detail: /permissions apikeys.keys.getKeyString, container.pods.exec let/,
      },
      "project role that edits workload identity pool providers": {
        build: (s) => new ProjectIamCustomRole(s, "Role", { roleId: "wif", title: "WIF", project: PROJECT, permissions: ["iam.workloadIdentityPoolProviders.update"] }),
        detail: /iam.workloadIdentityPoolProviders.update/,
      },
      "organization role that impersonates service accounts": {
        build: (s) => new OrganizationIamCustomRole(s, "Role", { roleId: "deployer", title: "Deployer", orgId: "123456789", permissions: ["iam.serviceAccounts.actAs", "run.services.create"] }),
        detail: /iam.serviceAccounts.actAs, run.services.create/,
      },
    },
  },
  "gcp-no-pool-wide-principals": {
    compliant: {
      "one repository of the pool (attribute.repository)": (s) => deployerImpersonation(s, `principalSet://iam.googleapis.com/${POOL}/attribute.repository/acme/app`),
      "one subject of the pool": (s) => deployerImpersonation(s, `principal://iam.googleapis.com/${POOL}/subject/repo:acme/app:environment:prod`),
    },
    noncompliant: {
      "every identity of the pool impersonates the deployer": {
        build: (s) => deployerImpersonation(s, `principalSet://iam.googleapis.com/${POOL}/*`),
        detail: /grants roles\/iam.workloadIdentityUser to principalSet:\/\/iam.googleapis.com\/projects\/123456789012\/locations\/global\/workloadIdentityPools\/github\/\*: every identity the pool admits/,
      },
      "a whole workforce pool reads a bucket": {
        build: (s) => new StorageBucketIamMember(s, "Readers", { bucket: "svc-assets", role: "roles/storage.objectViewer", member: "principalSet://iam.googleapis.com/locations/global/workforcePools/staff/*" }),
        detail: /workforcePools\/staff\/\*/,
      },
      "every principal (principalSet://goog/public:all) on the project": { build: projectMember("roles/logging.viewer", "principalSet://goog/public:all"), detail: /principalSet:\/\/goog\/public:all/ },
      "the pool in a google_iam_policy document": {
        build: (s) => {
          const policy = new DataGoogleIamPolicy(s, "PolicyData", { binding: [{ role: "roles/run.invoker", members: [`principalSet://iam.googleapis.com/${POOL}/*`] }] });
          new CloudRunV2ServiceIamPolicy(s, "Policy", { name: "app", location: LOCATION, policyData: policy.policyData });
        },
        detail: /roles\/run.invoker to principalSet/,
      },
    },
  },
  "gcp-storage-no-public-acl": {
    compliant: {
      "a bucket ACL for the project's owners and a named group": (s) => new StorageBucketAcl(s, "Acl", { bucket: "svc-assets", roleEntity: ["OWNER:project-owners-123456789012", "READER:group-ops@example.com"] }),
      "the private canned ACL": (s) => new StorageObjectAcl(s, "Acl", { bucket: "svc-assets", object: "report.csv", predefinedAcl: "private" }),
      "an access control for one user": (s) => new StorageBucketAccessControl(s, "Access", { bucket: "svc-assets", role: "READER", entity: "user-ops@example.com" }),
    },
    noncompliant: {
      "predefined_acl publicRead on a bucket": { build: (s) => new StorageBucketAcl(s, "Acl", { bucket: "svc-assets", predefinedAcl: "publicRead" }), detail: /predefined_acl is "publicRead"/ },
      "predefined_acl public-read-write (XML spelling, any case)": { build: (s) => new StorageBucketAcl(s, "Acl", { bucket: "svc-assets", predefinedAcl: "Public-Read-Write" }), detail: /predefined_acl is "Public-Read-Write"/ },
      "predefined_acl authenticatedRead on an object": {
        build: (s) => new StorageObjectAcl(s, "Acl", { bucket: "svc-assets", object: "report.csv", predefinedAcl: "authenticatedRead" }),
        detail: /predefined_acl is "authenticatedRead"/,
      },
      "role_entity READER:allUsers on an object": {
        build: (s) => new StorageObjectAcl(s, "Acl", { bucket: "svc-assets", object: "report.csv", roleEntity: ["OWNER:user-ops@example.com", "READER:allUsers"] }),
        detail: /role_entity grants to allUsers/,
      },
      "a default object ACL for allAuthenticatedUsers (every new object)": {
        build: (s) => new StorageDefaultObjectAcl(s, "Acl", { bucket: "svc-assets", roleEntity: ["READER:allAuthenticatedUsers"] }),
        detail: /role_entity grants to allAuthenticatedUsers/,
      },
      "a canned ACL only Terraform knows (a variable)": {
        build: (s) => new StorageBucketAcl(s, "Acl", { bucket: "svc-assets", predefinedAcl: new TerraformVariable(s, "acl", { type: "string" }).stringValue }),
        detail: /cannot verify the ACL: \$\{var.acl\}/,
      },
      "an object access control for allUsers": {
        build: (s) => new StorageObjectAccessControl(s, "Access", { bucket: "svc-assets", object: "report.csv", role: "READER", entity: "allUsers" }),
        detail: /entity grants to allUsers/,
      },
    },
  },
  "gcp-bigquery-no-public-acl": {
    compliant: {
      "a dataset shared with a group and the project owners": (s) =>
        new BigqueryDataset(s, "Dataset", {
          datasetId: "sales",
          location: "EU",
          access: [
            { role: "OWNER", specialGroup: "projectOwners" },
            { role: "READER", groupByEmail: "analysts@example.com" },
          ],
        }),
      "a dataset access entry for one user": (s) => new BigqueryDatasetAccessA(s, "Access", { datasetId: "sales", role: "READER", userByEmail: "ana@example.com" }),
    },
    noncompliant: {
      "a dataset readable by allAuthenticatedUsers (special_group)": {
        build: (s) => new BigqueryDataset(s, "Dataset", { datasetId: "sales", location: "EU", access: [{ role: "READER", specialGroup: "allAuthenticatedUsers" }] }),
        detail: /access grants READER to allAuthenticatedUsers/,
      },
      "a dataset access entry whose member only Terraform knows": {
        build: (s) => new BigqueryDatasetAccessA(s, "Access", { datasetId: "sales", role: "READER", iamMember: new TerraformVariable(s, "member", { type: "string" }).stringValue }),
        detail: /cannot verify the access entries: \$\{var.member\}/,
      },
      "a dataset access entry for allUsers (iam_member)": {
        build: (s) => new BigqueryDatasetAccessA(s, "Access", { datasetId: "sales", role: "roles/bigquery.dataViewer", iamMember: "allUsers" }),
        detail: /the access entry grants roles\/bigquery.dataViewer to allUsers/,
      },
    },
  },
  "gcp-firewall-no-public-ingress": {
    compliant: {
      "ingress from a load balancer's ranges": (s) => firewall(s, { sourceRanges: ["130.211.0.0/22", "35.191.0.0/16"] }),
      "ingress from instances with a source tag": (s) => firewall(s, { sourceTags: ["frontend"] }),
      "egress to 0.0.0.0/0": (s) => firewall(s, { direction: "EGRESS", destinationRanges: ["0.0.0.0/0"] }),
      "a deny from 0.0.0.0/0": (s) => new ComputeFirewall(s, "Firewall", { name: "deny-all", network: "default", deny: [{ protocol: "all" }], sourceRanges: ["0.0.0.0/0"] }),
      "a disabled rule": (s) => firewall(s, { sourceRanges: ["0.0.0.0/0"], disabled: true }),
      "a firewall policy rule that denies the internet": (s) => policyRule(s, ["0.0.0.0/0"], "deny"),
    },
    noncompliant: {
      "ingress from 0.0.0.0/0": { build: (s) => firewall(s, { sourceRanges: ["0.0.0.0/0"] }), detail: /source_ranges 0.0.0.0\/0: allows tcp ports 443 from the whole internet/ },
      "ingress from ::/0 spelt 0::/0": { build: (s) => firewall(s, { sourceRanges: ["10.0.0.0/8", "0::/0"] }), detail: /source_ranges 0::\/0/ },
      "ingress from two halves of the IPv4 space": { build: (s) => firewall(s, { sourceRanges: ["0.0.0.0/1", "128.0.0.0/1"] }), detail: /source_ranges 0.0.0.0\/1, 128.0.0.0\/1/ },
      "ingress with no source at all (Google applies it to every source)": { build: (s) => firewall(s), detail: /no source_ranges, source_tags or source_service_accounts/ },
      "ingress from an empty range": { build: (s) => firewall(s, { sourceRanges: [""] }), detail: /"" \(every address\)/ },
      "ingress from a range only Terraform knows": {
        build: (s) => firewall(s, { sourceRanges: [new TerraformVariable(s, "allowed", { type: "string" }).stringValue] }),
        detail: /cannot verify source_ranges: \$\{var.allowed\}/,
      },
      "a hierarchical firewall policy rule allowing ssh from 0.0.0.0/0": { build: (s) => policyRule(s, ["0.0.0.0/0"]), detail: /match.src_ip_ranges 0.0.0.0\/0/ },
      "a network firewall policy rule allowing ::/0": {
        build: (s) =>
          new ComputeNetworkFirewallPolicyRule(s, "Rule", {
            firewallPolicy: "policy",
            priority: 1000,
            direction: "INGRESS",
            action: "allow",
            match: { srcIpRanges: ["::/0"], layer4Configs: [{ ipProtocol: "tcp" }] },
          }),
        detail: /match.src_ip_ranges ::\/0/,
      },
    },
  },
  "gcp-readable-security-values": {
    compliant: {
      "members that reference the stack's own service account": (s) => {
        const account = new ServiceAccount(s, "Account", { accountId: "app-run", project: PROJECT });
        new ProjectIamMember(s, "Logs", { project: PROJECT, role: "roles/logging.logWriter", member: `serviceAccount:${account.email}` });
      },
    },
    noncompliant: {
      "a member from a variable in prod": {
        build: (s) => new ProjectIamMember(s, "Logs", { project: PROJECT, role: "roles/logging.logWriter", member: new TerraformVariable(s, "member", { type: "string" }).stringValue }),
        detail: /cannot verify \$\{var.member\} at google_project_iam_member.Logs.member: var.member can be set when Terraform runs/,
      },
      "a member from a variable in dev too (a warning there)": {
        build: (s) => new ProjectIamMember(s, "Logs", { project: PROJECT, role: "roles/logging.logWriter", member: new TerraformVariable(s, "member", { type: "string" }).stringValue }),
        detail: /cannot verify \$\{var.member\} at google_project_iam_member.Logs.member/,
        environment: "dev",
      },
      "a role from a variable in stg": {
        build: (s) => new ProjectIamMember(s, "Logs", { project: PROJECT, role: new TerraformVariable(s, "role", { type: "string" }).stringValue, member: "group:devs@example.com" }),
        detail: /cannot verify \$\{var.role\} at google_project_iam_member.Logs.role/,
        environment: "stg",
      },
      "the project of a grant from a variable (where it applies)": {
        build: (s) => new ProjectIamMember(s, "Logs", { project: new TerraformVariable(s, "project", { type: "string" }).stringValue, role: "roles/logging.logWriter", member: "group:devs@example.com" }),
        detail: /cannot verify \$\{var.project\} at google_project_iam_member.Logs.project/,
      },
    },
  },
};
