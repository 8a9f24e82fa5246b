import { LambdaFunctionEventInvokeConfig } from "@cdktf/provider-aws/lib/lambda-function-event-invoke-config";
import type { PolicyDocumentStatement } from "../core/policy/policy-statement";
import { integerBetween } from "../core/rules";
import { object, optional, type TypeOf } from "../core/schema";
import { ASYNC_DESTINATIONS, destinationArn, destinationStatement } from "./events/destinations";
import type { EventTarget } from "./events/event-target";

const ASYNC_INVOKE = object({
  /** Retries after a failed invocation, 0 to 2. @default 2 */
  maxRetryAttempts: optional(integerBetween(0, 2)),
  /** Oldest event Lambda still runs, in seconds, 60 to 21600. @default 21600 (6 hours) */
  maxEventAgeSeconds: optional(integerBetween(60, 21600, "seconds")),
  /** SQS queue, SNS topic, Lambda function or EventBridge bus that receives successful results. @default none */
  onSuccessDestinationArn: optional(destinationArn(ASYNC_DESTINATIONS)),
  /** SQS queue, SNS topic, Lambda function or EventBridge bus that receives events that failed every attempt. @default none */
  onFailureDestinationArn: optional(destinationArn(ASYNC_DESTINATIONS)),
});

/** How Lambda handles asynchronous invocations (S3, SNS, EventBridge, `InvokeAsync`) of the function. */
export interface AsyncInvokeProps extends TypeOf<typeof ASYNC_INVOKE> {}
export const ASYNC_INVOKE_SCHEMA = ASYNC_INVOKE.named<AsyncInvokeProps>();

/** Send permission on exactly the destinations given. */
export function asyncInvokeStatements(props: AsyncInvokeProps | undefined): PolicyDocumentStatement[] {
  const statements: PolicyDocumentStatement[] = [];
  if (props?.onSuccessDestinationArn !== undefined) statements.push(destinationStatement("AsyncOnSuccessDestination", props.onSuccessDestinationArn));
  if (props?.onFailureDestinationArn !== undefined) statements.push(destinationStatement("AsyncOnFailureDestination", props.onFailureDestinationArn));
  return statements;
}

export function bindAsyncInvoke(target: EventTarget, props: AsyncInvokeProps): LambdaFunctionEventInvokeConfig {
  const destination = (arn?: string) => (arn !== undefined ? { destination: arn } : undefined);
  const hasDestination = props.onSuccessDestinationArn !== undefined || props.onFailureDestinationArn !== undefined;
  return new LambdaFunctionEventInvokeConfig(target.scope, "AsyncInvokeConfig", {
    functionName: target.functionNameRef,
    qualifier: target.qualifier,
    maximumRetryAttempts: props.maxRetryAttempts,
    maximumEventAgeInSeconds: props.maxEventAgeSeconds,
    destinationConfig: hasDestination
      ? { onSuccess: destination(props.onSuccessDestinationArn), onFailure: destination(props.onFailureDestinationArn) }
      : undefined,
  });
}
