import { isPoolWidePrincipal } from "../../../policy/gcp-principals";
import type { Rule } from "../../rule";
import { GCP_IAM_TARGETS } from "./gcp-iam-targets";
import { grants, iamTypes } from "./iam-members";

export const gcpNoPoolWidePrincipals: Rule = {
  id: "gcp-no-pool-wide-principals",
  title: "No grant to a whole identity pool",
  suppressible: false,
  checkov: [],
  trivy: [],
  description:
    "No IAM member, binding or policy on any GCP resource (a deployer's service account above all: `roles/iam.workloadIdentityUser` on it) grants a role to every identity of a Workload Identity Federation pool (`principalSet://iam.googleapis.com/projects/<n>/locations/global/workloadIdentityPools/<pool>/*`), of a workforce pool (`.../workforcePools/<pool>/*`) or to every principal (`principalSet://goog/public:all`): the pool's provider decides who is in, and a GitHub provider admits any repository its attribute condition lets through. Grant to `principalSet://.../attribute.repository/<owner>/<repo>` or a `principal://.../subject/...`. checkov CKV_GCP_118 checks the provider's attribute condition, not the grant. Cannot be suppressed.",
  appliesTo: GCP_IAM_TARGETS.flatMap(iamTypes),
  check(resource, context) {
    const wide = grants(resource, context).filter((g) => isPoolWidePrincipal(g.member));
    if (wide.length === 0) return undefined;
    return `grants ${wide.map((g) => `${g.role} to ${g.member}`).join(", ")}: every identity the pool admits (whoever its provider lets in); grant to the one repository or subject (principalSet://.../attribute.repository/<owner>/<repo>)`;
  },
};
