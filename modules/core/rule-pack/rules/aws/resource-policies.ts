import { jsonStatements, type IamStatement } from "./iam-statements";
import type { SynthesizedResource } from "../../rule";
import { openCidrs } from "../cidrs";

/**
 * Resource-based policies: the types that hold one and the attribute it is in. A policy given as
 * `${data.aws_iam_policy_document.x.json}` is checked on the document.
 */
export const RESOURCE_POLICY_ATTRIBUTES: Readonly<Record<string, string>> = {
  aws_s3_bucket_policy: "policy",
  aws_s3_bucket: "policy",
  aws_sqs_queue_policy: "policy",
  aws_sqs_queue: "policy",
  aws_sns_topic_policy: "policy",
  aws_sns_topic: "policy",
  aws_kms_key: "policy",
  aws_kms_key_policy: "policy",
  aws_secretsmanager_secret_policy: "policy",
  aws_secretsmanager_secret: "policy",
  aws_ecr_repository_policy: "policy",
  // Every other resource policy a serverless stack may hold: a table, a stream, a bus, an API...
  aws_dynamodb_resource_policy: "policy",
  aws_kinesis_resource_policy: "policy",
  aws_cloudwatch_event_bus_policy: "policy",
  aws_api_gateway_rest_api_policy: "policy",
  aws_api_gateway_rest_api: "policy",
  aws_s3_access_point: "policy",
  aws_efs_file_system_policy: "policy",
  aws_backup_vault_policy: "policy",
  aws_glacier_vault: "access_policy",
  aws_opensearch_domain_policy: "access_policies",
  aws_opensearch_domain: "access_policies",
  aws_elasticsearch_domain_policy: "access_policies",
  aws_elasticsearch_domain: "access_policies",
  aws_cloudwatch_log_resource_policy: "policy_document",
};

/** The statements of a resource-based policy given as literal JSON. */
export function resourcePolicyStatements(resource: SynthesizedResource): IamStatement[] {
  const attribute = RESOURCE_POLICY_ATTRIBUTES[resource.type];
  if (resource.mode !== "managed" || !attribute) return [];
  return jsonStatements(resource.config[attribute], `${attribute}.`);
}

/**
 * Condition keys that pin who may use a statement granted to `"*"`: the calling account,
 * organization, principal, source resource or network. `aws:SecureTransport` and the like say how,
 * not who, and do not count.
 */
const RESTRICTING_KEYS = [
  "aws:sourcearn",
  "aws:sourceaccount",
  "aws:sourceowner",
  "aws:sourceorgid",
  "aws:sourceorgpaths",
  "aws:principalarn",
  "aws:principalaccount",
  "aws:principalorgid",
  "aws:principalorgpaths",
  "aws:principalservicename",
  "aws:sourcevpc",
  "aws:sourcevpce",
  "aws:sourceip",
  "aws:userid",
  "aws:username",
  "kms:calleraccount",
  "lambda:functionarn",
];
/** Operators that restrict a key to the values given (negations, `Null` and `...IfExists` do not). */
const RESTRICTING_OPERATOR = /^(ForAnyValue:|ForAllValues:)?(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike|IpAddress)$/i;

/** True when one condition of the statement pins the caller to named accounts, principals, sources or networks. */
export function hasRestrictingCondition(statement: IamStatement): boolean {
  return statement.conditions.some(
    (c) =>
      RESTRICTING_OPERATOR.test(c.test) &&
      RESTRICTING_KEYS.includes(c.variable.toLowerCase()) &&
      c.values.length > 0 &&
      c.values.every((v) => v !== "" && !/^[*?]+$/.test(v)) &&
      // aws:SourceIp 0.0.0.0/0 (or ::/0, or ranges that add up to every address) pins no network.
      (c.variable.toLowerCase() !== "aws:sourceip" || openCidrs(c.values).length === 0),
  );
}

/** True when a principal entry means anyone: `"*"`, or `AWS: "*"`. */
export function isPublicPrincipal(principal: IamStatement["principals"][number]): boolean {
  return (principal.type === "*" || principal.type === "AWS") && principal.identifiers.includes("*");
}
