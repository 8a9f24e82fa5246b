import { catalogEntry, IDENTITY_ATTRIBUTES } from "../../../catalog";
import { dig, isSet } from "../../config";
import type { Rule, RuleContext } from "../../rule";

/**
 * Computed attributes that locate a resource (a queue's URL, an API's endpoint): with the attributes
 * the catalog says name a resource (its `identity`: ARN, id, name...), a variable holding a reference
 * to one of them holds nothing confidential. Any other attribute (an SSM parameter's `value`, a random
 * password's `result`, a key's `secret`) may.
 */
const LOCATING_ATTRIBUTES = new Set(["url", "invoke_url", "api_endpoint", "function_url", "repository_url", "endpoint", "domain_name"]);
/** Exactly one reference to a block of the stack: `${aws_dynamodb_table.users.name}`, `${data.aws_sqs_queue.q.url}`. */
const REFERENCE = /^\$\{((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z0-9_]+)\}$/;
/** A literal ARN names a resource too (a secret's, passed for the code to read at run time). */
const LITERAL_ARN = /^arn:[a-z-]+:[a-z0-9-]+:[a-z0-9-]*:(\d{12}|aws)?:[^\s${}]+$/;

/** True when `value` only names a resource: a literal ARN, or a reference to a naming attribute of a block of the stack. */
function namesResource(value: unknown, context: RuleContext): boolean {
  if (typeof value !== "string") return false;
  if (LITERAL_ARN.test(value)) return true;
  const reference = REFERENCE.exec(value);
  if (reference === null || context.byAddress(reference[1]) === undefined) return false;
  const [address, attribute] = [reference[1], reference[2]];
  const type = address.startsWith("data.") ? `data.${address.split(".")[1]}` : address.split(".")[0];
  return LOCATING_ATTRIBUTES.has(attribute) || (catalogEntry(type)?.identity ?? IDENTITY_ATTRIBUTES).includes(attribute);
}

export const lambdaEnvironmentKms: Rule = {
  id: "lambda-environment-kms",
  title: "Lambda environment variables are encrypted with a customer-managed KMS key",
  checkov: ["CKV_AWS_173"],
  trivy: [],
  description:
    "A function whose environment variables may hold something confidential sets `kms_key_arn`, so reading them at rest takes a key whose policy you control rather than the account-wide AWS-managed key `aws/lambda`. A variable that only names a resource (a literal ARN, or a reference to the ARN, id, name, URL or endpoint of a resource of the stack: a table's name, a queue's URL, a secret's ARN passed through `secrets`) holds nothing to protect; any other value (a literal, another attribute of a resource) needs the key. Secrets go through `secrets`, which passes their ARN.",
  appliesTo: ["aws_lambda_function"],
  check(fn, context) {
    const variables = dig(fn.config, "environment.variables");
    const entries = variables && typeof variables === "object" ? Object.entries(variables as Record<string, unknown>) : [];
    if (entries.length === 0 || isSet(fn.config.kms_key_arn)) return undefined;
    const confidential = entries.filter(([, value]) => !namesResource(value, context)).map(([name]) => name);
    if (confidential.length === 0) return undefined;
    return `environment variables ${confidential.join(", ")} are encrypted with the AWS-managed key and do not only name a resource; set kms_key_arn (ServerlessFunction prop environmentKmsKeyArn), or pass secrets through the secrets prop`;
  },
};
