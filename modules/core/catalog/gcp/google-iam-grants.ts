import { gcpIamTypes, type CatalogEntry, type GcpIamLevel } from "../entry";

/**
 * Every type the google provider (@cdktf/provider-google 16.12.1) gives `_iam_member`,
 * `_iam_binding` and `_iam_policy` resources for: 115 targets, 345 types that all grant the same
 * way, so their entries are derived here rather than written 345 times. A test keeps the list in
 * step with the provider's own.
 */
export const GCP_IAM_TARGETS: readonly string[] = [
  "google_access_context_manager_access_policy",
  "google_apigee_environment",
  "google_artifact_registry_repository",
  "google_beyondcorp_application",
  "google_beyondcorp_security_gateway",
  "google_beyondcorp_security_gateway_application",
  "google_bigquery_analytics_hub_data_exchange",
  "google_bigquery_analytics_hub_listing",
  "google_bigquery_connection",
  "google_bigquery_datapolicy_data_policy",
  "google_bigquery_dataset",
  "google_bigquery_table",
  "google_bigtable_instance",
  "google_bigtable_table",
  "google_billing_account",
  "google_binary_authorization_attestor",
  "google_cloud_run_service",
  "google_cloud_run_v2_job",
  "google_cloud_run_v2_service",
  "google_cloud_run_v2_worker_pool",
  "google_cloud_tasks_queue",
  "google_cloudbuildv2_connection",
  "google_clouddeploy_custom_target_type",
  "google_clouddeploy_delivery_pipeline",
  "google_clouddeploy_target",
  "google_cloudfunctions2_function",
  "google_cloudfunctions_function",
  "google_colab_runtime_template",
  "google_compute_disk",
  "google_compute_image",
  "google_compute_instance",
  "google_compute_instance_template",
  "google_compute_instant_snapshot",
  "google_compute_region_disk",
  "google_compute_snapshot",
  "google_compute_storage_pool",
  "google_compute_subnetwork",
  "google_container_analysis_note",
  "google_data_catalog_entry_group",
  "google_data_catalog_policy_tag",
  "google_data_catalog_tag_template",
  "google_data_catalog_taxonomy",
  "google_data_fusion_instance",
  "google_dataplex_aspect_type",
  "google_dataplex_asset",
  "google_dataplex_datascan",
  "google_dataplex_entry_group",
  "google_dataplex_entry_type",
  "google_dataplex_glossary",
  "google_dataplex_lake",
  "google_dataplex_task",
  "google_dataplex_zone",
  "google_dataproc_autoscaling_policy",
  "google_dataproc_cluster",
  "google_dataproc_job",
  "google_dataproc_metastore_database",
  "google_dataproc_metastore_federation",
  "google_dataproc_metastore_service",
  "google_dataproc_metastore_table",
  "google_dns_managed_zone",
  "google_endpoints_service",
  "google_endpoints_service_consumers",
  "google_folder",
  "google_gemini_repository_group",
  "google_gke_backup_backup_plan",
  "google_gke_backup_restore_plan",
  "google_gke_hub_feature",
  "google_gke_hub_membership",
  "google_gke_hub_scope",
  "google_healthcare_consent_store",
  "google_healthcare_dataset",
  "google_healthcare_dicom_store",
  "google_healthcare_fhir_store",
  "google_healthcare_hl7_v2_store",
  "google_iam_workforce_pool",
  "google_iap_app_engine_service",
  "google_iap_app_engine_version",
  "google_iap_tunnel",
  "google_iap_tunnel_dest_group",
  "google_iap_tunnel_instance",
  "google_iap_web",
  "google_iap_web_backend_service",
  "google_iap_web_cloud_run_service",
  "google_iap_web_region_backend_service",
  "google_iap_web_type_app_engine",
  "google_iap_web_type_compute",
  "google_kms_crypto_key",
  "google_kms_ekm_connection",
  "google_kms_key_ring",
  "google_logging_log_view",
  "google_network_security_address_group",
  "google_notebooks_instance",
  "google_notebooks_runtime",
  "google_organization",
  "google_privateca_ca_pool",
  "google_privateca_certificate_template",
  "google_project",
  "google_pubsub_schema",
  "google_pubsub_subscription",
  "google_pubsub_topic",
  "google_scc_source",
  "google_scc_v2_organization_source",
  "google_secret_manager_regional_secret",
  "google_secret_manager_secret",
  "google_secure_source_manager_instance",
  "google_secure_source_manager_repository",
  "google_service_account",
  "google_sourcerepo_repository",
  "google_spanner_database",
  "google_spanner_instance",
  "google_storage_bucket",
  "google_storage_managed_folder",
  "google_tags_tag_key",
  "google_tags_tag_value",
  "google_workbench_instance",
];

/** Where a grant on a target applies: organization, folder, project, billing account, or the one resource. */
export function gcpIamLevel(target: string): GcpIamLevel {
  return LEVELS[target] ?? "resource";
}

const LEVELS: Readonly<Record<string, GcpIamLevel>> = {
  google_organization: "organization",
  google_folder: "folder",
  google_project: "project",
  google_billing_account: "billing-account",
};

/**
 * A member (adds one member to a role), a binding (authoritative for one role: replaces its
 * members) or a policy (authoritative for the whole resource). Every argument says what is
 * granted, to whom or where. Members cannot be updated: any change replaces one; a binding updates
 * its members in place.
 */
export const entry: readonly CatalogEntry[] = GCP_IAM_TARGETS.flatMap((target) => {
  const [member, binding, policy] = gcpIamTypes(target);
  const level = gcpIamLevel(target);
  return [
    { type: member, forceNew: { all: true, except: [] }, grants: [{ kind: "gcp-iam", attributes: ["*"], level, form: "member", target }] },
    { type: binding, forceNew: { all: true, except: ["members"] }, grants: [{ kind: "gcp-iam", attributes: ["*"], level, form: "binding", target }] },
    { type: policy, forceNew: [], grants: [{ kind: "gcp-iam", attributes: ["*"], level, form: "policy", target }] },
  ];
});
