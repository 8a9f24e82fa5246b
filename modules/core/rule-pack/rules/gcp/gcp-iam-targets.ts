/** Every type the google provider gives `_iam_member`, `_iam_binding` and `_iam_policy` resources for: the catalog's list. */
export { GCP_IAM_TARGETS } from "../../../catalog";
