import { list, show } from "../../config";
import type { Rule } from "../../rule";
import { cannotVerify, unreadableExpressions } from "../readable";
import { PUBLIC_MEMBERS } from "./iam-members";

/** Canned ACLs that open a bucket or object to everyone (JSON API names; the XML API writes them with dashes). */
const PUBLIC_PREDEFINED = ["publicread", "publicreadwrite", "authenticatedread"];
const ENTITY_TYPES = ["google_storage_bucket_access_control", "google_storage_object_access_control", "google_storage_default_object_access_control"];
const ACL_TYPES = ["google_storage_bucket_acl", "google_storage_object_acl", "google_storage_default_object_acl"];

export const gcpStorageNoPublicAcl: Rule = {
  id: "gcp-storage-no-public-acl",
  title: "Cloud Storage ACLs grant nothing to the public",
  suppressible: false,
  checkov: ["CKV_GCP_28"],
  trivy: ["GCP-0001"],
  description:
    "No Cloud Storage ACL makes a bucket, an object or a bucket's default object ACL public: no `predefined_acl` `publicRead`, `publicReadWrite` or `authenticatedRead` (in any case, with or without dashes) on `google_storage_bucket_acl`/`google_storage_object_acl`, no `role_entity` `<ROLE>:allUsers` or `<ROLE>:allAuthenticatedUsers` on those and `google_storage_default_object_acl`, no `entity` `allUsers`/`allAuthenticatedUsers` on `google_storage_bucket_access_control`, `google_storage_object_access_control` or `google_storage_default_object_access_control`. An ACL only Terraform knows (`${var.acl}`) cannot be verified and is a finding. IAM grants to the public are `gcp-no-public-access`'. Cannot be suppressed: serve public files through a load balancer or signed URLs, and keep buckets uniform and private.",
  appliesTo: [...ACL_TYPES, ...ENTITY_TYPES],
  check(resource) {
    const c = resource.config;
    const unreadable = unreadableExpressions([c.predefined_acl, c.role_entity, c.entity]);
    if (unreadable.length > 0) return `${cannotVerify("the ACL", unreadable)}; it could be public`;
    const problems: string[] = [];
    const predefined = c.predefined_acl;
    if (typeof predefined === "string" && PUBLIC_PREDEFINED.includes(predefined.replace(/-/g, "").toLowerCase())) problems.push(`predefined_acl is ${show(predefined)}`);
    const entities = ENTITY_TYPES.includes(resource.type) ? list(c.entity).map(String) : list(c.role_entity).map((e) => String(e).split(":").slice(1).join(":"));
    const open = entities.filter((e) => PUBLIC_MEMBERS.some((m) => m.toLowerCase() === e.trim().toLowerCase()));
    if (open.length > 0) problems.push(`${ENTITY_TYPES.includes(resource.type) ? "entity" : "role_entity"} grants to ${[...new Set(open)].join(", ")}`);
    if (problems.length === 0) return undefined;
    return `${problems.join("; ")}: anyone on the internet can read it; grant to named principals, and serve public content through signed URLs or a load balancer`;
  },
};
