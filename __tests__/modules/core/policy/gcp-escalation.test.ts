import { escalatingPermissions, isProjectEscalationRole, PROJECT_ESCALATION_ROLES } from "../../../../modules/core/policy/gcp-escalation";
import { isPoolWidePrincipal } from "../../../../modules/core/policy/gcp-principals";

describe("GCP roles and permissions that escalate", () => {
  test("the role list holds each role once, none basic (gcp-no-basic-roles' business)", () => {
    expect(new Set(PROJECT_ESCALATION_ROLES).size).toBe(PROJECT_ESCALATION_ROLES.length);
    expect(PROJECT_ESCALATION_ROLES.filter((r) => ["roles/owner", "roles/editor", "roles/viewer"].includes(r))).toEqual([]);
  });

  test.each(["roles/iam.serviceAccountTokenCreator", "roles/cloudbuild.builds.editor", "roles/deploymentmanager.editor", "roles/secretmanager.secretAccessor", "roles/run.developer", "roles/pubsub.serviceAgent", "roles/compute.instanceGroupManagerServiceAgent"])(
    "%s escalates at project level",
    (role) => expect(isProjectEscalationRole(role)).toBe(true),
  );
  test.each(["roles/logging.logWriter", "roles/run.invoker", "roles/pubsub.publisher", "roles/artifactregistry.reader"])("%s does not", (role) => expect(isProjectEscalationRole(role)).toBe(false));

  test("custom role permissions that escalate", () => {
    expect(
      escalatingPermissions([
        "run.jobs.runWithOverrides",
        "run.jobs.run",
        "apikeys.keys.getKeyString",
        "apikeys.keys.list",
        "iam.workloadIdentityPoolProviders.create",
        "container.pods.exec",
        "container.pods.list",
        "iam.serviceAccounts.actAs",
        "storage.objects.get",
      ]),
    ).toEqual(["run.jobs.runWithOverrides", "apikeys.keys.getKeyString", "apikeys.keys.list", "iam.workloadIdentityPoolProviders.create", "container.pods.exec", "iam.serviceAccounts.actAs"]);
  });
});

describe("pool-wide principals", () => {
  test.each([
    "principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/github/*",
    "principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/github/*/",
    "PRINCIPALSET://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/github/*",
    "principalSet://iam.googleapis.com/locations/global/workforcePools/staff/*",
    "principalSet://goog/public:all",
  ])("Noncompliance: %s", (member) => expect(isPoolWidePrincipal(member)).toBe(true));
  test.each([
    "principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/github/attribute.repository/acme/app",
    "principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/github/group/admins",
    "principal://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/github/subject/repo:acme/app:ref:refs/heads/main",
    "serviceAccount:ci@p.iam.gserviceaccount.com",
  ])("Compliance: %s", (member) => expect(isPoolWidePrincipal(member)).toBe(false));
});
