import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import type { Construct } from "constructs";
import type { PolicyDocumentStatement } from "../../core/policy/policy-statement";
import type { EventIdentity } from "./event-identity";

/** The function an event source invokes, as its bind function sees it. */
export interface EventTarget {
  /** The `ServerlessFunction`: resources of its events are created under it. */
  readonly scope: Construct;
  /** The function's name as given (for resource names and statement ids). */
  readonly functionName: string;
  /** Reference to the function's name, for `function_name` arguments. */
  readonly functionNameRef: string;
  /** What invokes: the `live` alias's ARN when the function has one, else the function's ARN. */
  readonly invokeTargetArn: string;
  /** `live` when the function has its alias: permissions are granted on the alias. */
  readonly qualifier?: string;
  readonly tags?: Record<string, string>;
}

/** What binding one event source gave: the role statements it needs (none for push sources). */
export interface EventBinding {
  readonly statements: readonly PolicyDocumentStatement[];
}

/** Who may invoke the function for a push source: the service principal and the one source. */
export interface InvokePermissionProps {
  readonly principal: string;
  readonly sourceArn: string;
  readonly sourceAccount?: string;
}

/**
 * The `aws_lambda_permission` of one event of the function: its statement id is the event's
 * (`event-<name>`), unique in the function's policy and the same on every synth.
 */
export function allowInvoke(target: EventTarget, identity: EventIdentity, props: InvokePermissionProps): LambdaPermission {
  return new LambdaPermission(identity, "Permission", {
    statementId: identity.statementId,
    action: "lambda:InvokeFunction",
    functionName: target.functionNameRef,
    qualifier: target.qualifier,
    principal: props.principal,
    sourceArn: props.sourceArn,
    sourceAccount: props.sourceAccount,
  });
}
