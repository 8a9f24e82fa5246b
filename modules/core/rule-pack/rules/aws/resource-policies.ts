import { jsonStatements, type IamStatement } from "./iam-statements";
import type { SynthesizedResource } from "../../rule";
import { pinsCaller, showCondition, type IgnoredCondition } from "../../../policy/conditions";
import { CALLER_READING } from "./condition-reading";

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
 * Whether one condition of the statement pins the caller to named accounts, organizations,
 * principals, sources or networks (`pinsCaller` in modules/core/policy/conditions.ts), reading the
 * values as the pack does: what Terraform computes from anything but the stack's resources is
 * unknown, and a condition on it is judged as no condition.
 */
export function callerPinning(statement: IamStatement): { pins: boolean; ignored: readonly IgnoredCondition[] } {
  return pinsCaller(statement.conditions, CALLER_READING);
}

/** True when one condition of the statement pins the caller (see `callerPinning`). */
export function hasRestrictingCondition(statement: IamStatement): boolean {
  return callerPinning(statement).pins;
}

/** Why the conditions of a statement on caller keys did not count, for a finding; "" when none. */
export function ignoredConditionsText(ignored: readonly IgnoredCondition[]): string {
  return ignored.length > 0 ? ` (judged as no condition: ${ignored.map((i) => `${showCondition(i.condition)}, since ${i.why}`).join("; ")})` : "";
}

/** True when a principal entry means anyone: `"*"`, or `AWS: "*"`. */
export function isPublicPrincipal(principal: IamStatement["principals"][number]): boolean {
  return (principal.type === "*" || principal.type === "AWS") && principal.identifiers.includes("*");
}
