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
    compliant: { "predefined non-admin role at project level": projectMember("roles/cloudtrace.agent", "serviceAccount:app-run@svc-prod-123.iam.gserviceaccount.com") },
    noncompliant: {
      "roles/run.admin at project level": { build: projectMember("roles/run.admin", "serviceAccount:deployer@svc-prod-123.iam.gserviceaccount.com"), detail: /roles\/run.admin/ },
      "roles/iam.serviceAccountUser at project level": { build: projectMember("roles/iam.serviceAccountUser", "user:dev@example.com"), detail: /roles\/iam.serviceAccountUser/ },
      "roles/storage.objectAdmin at project level": { build: projectMember("roles/storage.objectAdmin", "group:ops@example.com"), detail: /objectAdmin/ },
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
    },
    noncompliant: {
      "project role with setIamPolicy": {
        build: (s) => new ProjectIamCustomRole(s, "Role", { roleId: "ops", title: "Ops", project: PROJECT, permissions: ["run.services.get", "resourcemanager.projects.setIamPolicy"] }),
        detail: /permissions resourcemanager.projects.setIamPolicy let the holder/,
      },
      "organization role that impersonates service accounts": {
        build: (s) => new OrganizationIamCustomRole(s, "Role", { roleId: "deployer", title: "Deployer", orgId: "123456789", permissions: ["iam.serviceAccounts.actAs", "run.services.create"] }),
        detail: /iam.serviceAccounts.actAs, run.services.create/,
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
