import { catalogEntries, catalogEntry } from "../../../catalog";
import { list, show } from "../../config";
import type { Rule } from "../../rule";

/** Types the catalog says can be shared with everyone, and the value that does it. */
const TYPES = catalogEntries()
  .filter((e) => /^aws_/.test(e.type) && e.grants?.some((g) => g.kind === "public-exposure" && g.public !== undefined))
  .map((e) => e.type);

export const awsNoPublicSharing: Rule = {
  id: "aws-no-public-sharing",
  title: "Images and snapshots are not shared with everyone",
  checkov: ["CKV_AWS_200"],
  trivy: [],
  description:
    "No AMI launch permission with `group = \"all\"`, no RDS or Aurora snapshot with `\"all\"` in `shared_accounts`: anyone could launch the image or restore the data (the catalog's `public-exposure` grants with a `public` value: modules/core/catalog). A value synth cannot read there is `aws-readable-security-values`'. Cannot be suppressed: share with named accounts.",
  appliesTo: TYPES,
  check(resource) {
    const problems: string[] = [];
    for (const g of catalogEntry(resource.type)?.grants ?? []) {
      if (g.kind !== "public-exposure" || !g.public) continue;
      const values = list(resource.config[g.public.attribute]);
      if (values.some((v) => typeof v === "string" && g.public!.values.includes(v))) {
        problems.push(`${g.what} ${g.public.attribute} = ${show(resource.config[g.public.attribute])} shares it with every AWS account; name the accounts instead`);
      }
    }
    return problems.length > 0 ? problems.join("; ") : undefined;
  },
};
