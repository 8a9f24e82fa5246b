import { isTrueOrUnknown } from "../../config";
import type { Rule } from "../../rule";
import { grants, iamTypes, PUBLIC_MEMBERS } from "./iam-members";

const IAM = [...iamTypes("google_cloud_run_v2_service"), ...iamTypes("google_cloud_run_service")];

export const cloudRunNoPublicAccess: Rule = {
  id: "cloud-run-no-public-access",
  title: "Cloud Run services are not invocable by anyone",
  checkov: ["CKV_GCP_102"],
  trivy: [],
  description:
    "No Cloud Run IAM member, binding or policy grants a role to `allUsers` or `allAuthenticatedUsers`, and no `google_cloud_run_v2_service` sets `invoker_iam_disabled` (which skips the invoker check altogether). A public service (CloudRunService `allowUnauthenticated: true`) is allowed only with a suppression that says why.",
  appliesTo: ["google_cloud_run_v2_service", ...IAM],
  check(resource, context) {
    if (resource.type === "google_cloud_run_v2_service") {
      const disabled = resource.config.invoker_iam_disabled;
      return disabled !== undefined && isTrueOrUnknown(disabled)
        ? "invoker_iam_disabled is true: anyone who can reach the URL can invoke the service; keep the IAM invoker check on and grant roles/run.invoker to the callers"
        : undefined;
    }
    const open = grants(resource, context).filter((g) => PUBLIC_MEMBERS.includes(g.member));
    if (open.length === 0) return undefined;
    return `grants ${open.map((g) => `${g.role} to ${g.member}`).join(", ")}: anyone can invoke the service; grant roles/run.invoker to the calling service accounts, or suppress with the reason the service is public`;
  },
};
