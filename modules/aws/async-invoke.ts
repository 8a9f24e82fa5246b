import { LambdaFunctionEventInvokeConfig } from "@cdktf/provider-aws/lib/lambda-function-event-invoke-config";
import type { AllKeysListed } from "../core/known-keys";
import type { PolicyDocumentStatement } from "../core/policy/policy-statement";
import { integerBetween } from "../core/rules";
import type { Validator } from "../core/validation";
import { ASYNC_DESTINATIONS, destinationStatement, validateDestination } from "./events/destinations";
import type { EventTarget } from "./events/event-target";

/** How Lambda handles asynchronous invocations (S3, SNS, EventBridge, `InvokeAsync`) of the function. */
export interface AsyncInvokeProps {
  /** Retries after a failed invocation, 0 to 2. @default 2 */
  readonly maxRetryAttempts?: number;
  /** Oldest event Lambda still runs, in seconds, 60 to 21600. @default 21600 (6 hours) */
  readonly maxEventAgeSeconds?: number;
  /** SQS queue, SNS topic, Lambda function or EventBridge bus that receives successful results. @default none */
  readonly onSuccessDestinationArn?: string;
  /** SQS queue, SNS topic, Lambda function or EventBridge bus that receives events that failed every attempt. @default none */
  readonly onFailureDestinationArn?: string;
}

export const ASYNC_INVOKE_PROP_KEYS = ["maxRetryAttempts", "maxEventAgeSeconds", "onSuccessDestinationArn", "onFailureDestinationArn"] as const satisfies readonly (keyof AsyncInvokeProps)[];
export type AsyncInvokePropKeysComplete = AllKeysListed<Exclude<keyof AsyncInvokeProps, (typeof ASYNC_INVOKE_PROP_KEYS)[number]>>;

export function validateAsyncInvoke(v: Validator, props: AsyncInvokeProps | undefined): void {
  if (props === undefined) return;
  if (props === null || typeof props !== "object" || Array.isArray(props)) {
    v.fail("asyncInvoke", "{ maxRetryAttempts?, maxEventAgeSeconds?, onSuccessDestinationArn?, onFailureDestinationArn? }", props);
    return;
  }
  v.onlyKnownKeys("asyncInvoke", props, ASYNC_INVOKE_PROP_KEYS);
  v.check("asyncInvoke.maxRetryAttempts", props.maxRetryAttempts, integerBetween(0, 2));
  v.check("asyncInvoke.maxEventAgeSeconds", props.maxEventAgeSeconds, integerBetween(60, 21600, "seconds"));
  validateDestination(v, "asyncInvoke.onSuccessDestinationArn", props.onSuccessDestinationArn, ASYNC_DESTINATIONS);
  validateDestination(v, "asyncInvoke.onFailureDestinationArn", props.onFailureDestinationArn, ASYNC_DESTINATIONS);
}

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
