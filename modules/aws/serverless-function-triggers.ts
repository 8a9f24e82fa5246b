import type { Construct } from "constructs";
import { estimatePolicySize, ROLE_INLINE_POLICY_MAX_CHARS, UNRESOLVED_VALUE_CHARS } from "../core/policy/policy-size";
import { toDocumentStatement, validatePolicyStatements, type PolicyDocumentStatement, type PolicyStatement } from "../core/policy/policy-statement";
import type { RoleIdentity } from "../core/policy/role-self-modification";
import { Validator } from "../core/validation";
import type { LambdaFunctionUrl } from "@cdktf/provider-aws/lib/lambda-function-url";
import { asyncInvokeStatements, bindAsyncInvoke, type AsyncInvokeProps } from "./async-invoke";
import type { EventTarget } from "./events/event-target";
import { bindEvent, eventStatements, type FunctionEvent } from "./events/function-event";
import { bindFunctionUrl, type FunctionUrlProps } from "./function-url";

/** What invokes a function: the `events`, `asyncInvoke` and `url` props of `ServerlessFunction`. */
export interface FunctionTriggers {
  readonly events?: readonly FunctionEvent[];
  readonly asyncInvoke?: AsyncInvokeProps;
  readonly url?: FunctionUrlProps;
}

/**
 * The role statements the function's triggers need: its polled event sources, then the
 * destinations of asynchronous invocations. Computed from props alone (the ARNs are the user's),
 * so that the policy size is known before anything is created.
 */
export function triggerStatements(props: Pick<FunctionTriggers, "events" | "asyncInvoke">, scope?: Construct): PolicyDocumentStatement[] {
  return [...eventStatements(Array.isArray(props.events) ? (props.events as readonly FunctionEvent[]) : [], scope), ...asyncInvokeStatements(props.asyncInvoke)];
}

/**
 * Checks statements given to `addPolicyStatements` as the `policyStatements` prop is checked, and
 * that the role's policy, with everything it already holds, stays within IAM's limit.
 */
export function validateAddedStatements(
  scope: Construct,
  current: readonly PolicyDocumentStatement[],
  statements: readonly PolicyStatement[],
  firstSid: number,
  role?: RoleIdentity,
): PolicyDocumentStatement[] {
  const v = new Validator("ServerlessFunction addPolicyStatements", scope.node.path);
  v.noTemplateSyntax("addPolicyStatements", statements);
  validatePolicyStatements(v, "addPolicyStatements", statements, { scope, kind: "ServerlessFunction addPolicyStatements", role });
  v.throwIfInvalid();
  const added = statements.map((s, i) => toDocumentStatement(s, `Code${firstSid + i}`));
  const size = estimatePolicySize([...current, ...added]);
  if (size > ROLE_INLINE_POLICY_MAX_CHARS) {
    v.fail(
      "addPolicyStatements",
      `statements that keep the execution role's inline policy within ${ROLE_INLINE_POLICY_MAX_CHARS} characters ` +
        `(IAM's limit; references counted as ${UNRESOLVED_VALUE_CHARS} characters), with what the role already holds`,
      `about ${size} characters`,
    );
  }
  v.throwIfInvalid();
  return added;
}

/** What binding the triggers created that the function exposes. */
export interface BoundTriggers {
  readonly url?: LambdaFunctionUrl;
  readonly statements: readonly PolicyDocumentStatement[];
}

/**
 * Creates the resources of the function's events, async configuration and URL, all aimed at
 * `target` (its `live` alias when it has one); returns the role statements they need.
 */
export function bindTriggers(target: EventTarget, props: FunctionTriggers): BoundTriggers {
  const statements = (props.events ?? []).flatMap((event) => bindEvent(target, event).statements);
  if (props.asyncInvoke) {
    bindAsyncInvoke(target, props.asyncInvoke);
    statements.push(...asyncInvokeStatements(props.asyncInvoke));
  }
  return { url: props.url ? bindFunctionUrl(target, props.url) : undefined, statements };
}
