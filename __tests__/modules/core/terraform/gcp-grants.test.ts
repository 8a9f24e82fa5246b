import { gcpGrantsOf } from "../../../../modules/core/terraform/gcp-grants";
import { TerraformModel } from "../../../../modules/core/terraform/model";

const read = (json: Record<string, unknown>, address: string) => gcpGrantsOf(TerraformModel.fromJson(json), address);
const shown = (json: Record<string, unknown>, address: string) => read(json, address).grants.map((g) => `${g.role || "(no role)"} ${g.member} on ${JSON.stringify(g.on)}${g.condition ? ` if ${g.condition}` : ""}`);

describe("gcpGrantsOf: every grant a GCP block makes, with what it is on", () => {
  test("members, bindings and policies, at project and resource level", () => {
    const json = {
      data: { google_iam_policy: { p: { binding: [{ role: "roles/viewer", members: ["group:a@example.com"] }] } } },
      resource: {
        google_project_iam_member: { m: { project: "p", role: "roles/viewer", member: "user:a@example.com", condition: { title: "t", expression: "request.time < x" } } },
        google_storage_bucket_iam_binding: { b: { bucket: "b", role: "roles/storage.objectViewer", members: ["user:a@example.com", "user:b@example.com"] } },
        google_folder_iam_policy: { f: { folder: "folders/1", policy_data: "${data.google_iam_policy.p.policy_data}" } },
      },
    };
    expect(shown(json, "google_project_iam_member.m")).toEqual(['roles/viewer user:a@example.com on {"project":"p"} if request.time < x']);
    expect(shown(json, "google_storage_bucket_iam_binding.b")).toEqual(['roles/storage.objectViewer user:a@example.com on {"bucket":"b"}', 'roles/storage.objectViewer user:b@example.com on {"bucket":"b"}']);
    expect(shown(json, "google_folder_iam_policy.f")).toEqual(['roles/viewer group:a@example.com on {"folder":"folders/1"}']);
  });

  test("BigQuery: a dataset's access blocks and an access entry are on the dataset; authorized views, datasets and routines are grants too", () => {
    const json = {
      resource: {
        google_bigquery_dataset: {
          d: {
            dataset_id: "ds",
            project: "p",
            friendly_name: "not what it is on",
            access: [
              { role: "READER", special_group: "allAuthenticatedUsers" },
              { view: { project_id: "p", dataset_id: "other", table_id: "v" } },
              { dataset: { dataset: { project_id: "p", dataset_id: "shared" }, target_types: ["VIEWS"] } },
              { routine: { project_id: "p", dataset_id: "fns", routine_id: "f" } },
            ],
          },
        },
        google_bigquery_dataset_access: { a: { dataset_id: "${google_bigquery_dataset.d.dataset_id}", role: "WRITER", user_by_email: "a@example.com" } },
      },
    };
    expect(shown(json, "google_bigquery_dataset.d")).toEqual([
      'READER allAuthenticatedUsers on {"dataset_id":"ds","project":"p"}',
      '(no role) view:p.other.v on {"dataset_id":"ds","project":"p"}',
      '(no role) dataset:p.shared on {"dataset_id":"ds","project":"p"}',
      '(no role) routine:p.fns.f on {"dataset_id":"ds","project":"p"}',
    ]);
    // The dataset id read through the dataset's argument: the same dataset.
    expect(shown(json, "google_bigquery_dataset_access.a")).toEqual(['WRITER user:a@example.com on {"dataset_id":"ds"}']);
  });

  test("a policy_data only Terraform knows is unreadable", () => {
    const r = read({ variable: { p: {} }, resource: { google_project_iam_policy: { x: { project: "p", policy_data: "${var.p}" } } } }, "google_project_iam_policy.x");
    expect(r.grants).toEqual([]);
    expect(r.unreadable.map((u) => u.what)).toEqual(["${var.p}"]);
  });
});
