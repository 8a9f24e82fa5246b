import { catalogEntries, catalogEntry } from "../../../catalog";
import { show } from "../../config";
import type { Rule } from "../../rule";
import { modelOf } from "./iam-statements";
import { valuesAt } from "./stack-references";

/** Types the catalog says send data somewhere (`data-egress` grants). */
const TYPES = catalogEntries()
  .filter((e) => /^aws_/.test(e.type) && e.grants?.some((g) => g.kind === "data-egress"))
  .map((e) => e.type);

/** Protocols that deliver outside AWS. */
const OUTSIDE_AWS = ["http", "https", "email", "email-json", "sms", "application"];
/** The account of an ARN (`arn:aws:sqs:eu-west-1:999999999999:loot` -> 999999999999). */
const ARN_ACCOUNT = /^arn:[a-z-]+:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/;

export const awsDataEgress: Rule = {
  id: "aws-data-egress",
  title: "Data goes only to the stack's own account",
  checkov: [],
  trivy: [],
  description:
    "What the catalog says delivers data (`data-egress` grants: an SNS subscription's `endpoint`, an EventBridge target's `arn`) sends it to a resource of the stack or of the stack's account. An HTTP(S) URL, an email address, a phone number, a mobile push endpoint, or an ARN of another account (or any account when the provider names none) sends every message out: a finding in every environment. Suppressible with the reason (an intended webhook, a partner's queue), which every synth prints; a value synth cannot read is `aws-readable-security-values`'.",
  appliesTo: TYPES,
  check(resource) {
    const own = modelOf(resource).providerFacts(resource.address).accountId;
    const problems: string[] = [];
    for (const g of catalogEntry(resource.type)?.grants ?? []) {
      if (g.kind !== "data-egress") continue;
      const protocol = g.protocol ? resource.config[g.protocol] : undefined;
      for (const endpoint of valuesAt(resource.config, g.endpoint)) {
        if (typeof endpoint !== "string" || endpoint.startsWith("${")) continue;
        const account = ARN_ACCOUNT.exec(endpoint)?.[1];
        if (typeof protocol === "string" && OUTSIDE_AWS.includes(protocol)) {
          problems.push(`${g.endpoint} ${show(endpoint)} (protocol ${protocol}) delivers outside AWS: every message leaves the account`);
        } else if (/^[a-z]+:\/\//i.test(endpoint)) {
          problems.push(`${g.endpoint} ${show(endpoint)} delivers outside AWS: every message leaves the account`);
        } else if (account !== undefined && account !== own) {
          problems.push(`${g.endpoint} ${show(endpoint)} is in account ${account}, ${own ? `not the stack's (${own})` : "and the provider names no account of the stack"}: every message leaves the account`);
        }
      }
    }
    return problems.length > 0 ? `${problems.join("; ")}; deliver to a resource of the stack, or suppress with the reason it is intended` : undefined;
  },
};
