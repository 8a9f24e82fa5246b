import type { LocalFunction } from "../functions";
import type { Caller } from "../identities";
import { authorizePrincipal, functionPrincipal, type AuthorizationRequest, type Principal } from "../iam-check";
import type { IamStatement } from "../../../modules/core/terraform";
import type { Usage } from "../usage";

/** A refused call: what, on what, and AWS's sentence for it. */
export interface Refusal {
  readonly action: string;
  readonly resource: string;
  readonly reason: string;
  /** `User: <principal> is not authorized to perform: <action> on resource: <resource> because <reason>` */
  readonly message: string;
}

/**
 * Every authorization decision of the session: a function's calls against its role (and the
 * resource's own policy), the services' deliveries against the resource policies that AWS checks
 * for them. Records each decision for the least-privilege report and prints each refusal.
 */
export class Access {
  constructor(
    private readonly accountId: string,
    private readonly region: string,
    private readonly usage: Usage,
    private readonly log: (line: string) => void,
    private readonly resourcePolicyOf: (arn: string) => readonly IamStatement[] | undefined,
  ) {}

  /** The caller's calls, all allowed, or the first refusal. The operator is the account owner: always allowed. */
  async check(caller: Caller, requests: readonly AuthorizationRequest[]): Promise<Refusal | undefined> {
    if (caller.kind === "operator") return undefined;
    const fn = caller.fn;
    const principal = functionPrincipal(fn, this.accountId);
    for (const request of requests) {
      const refusal = await this.decide(principal, request, `${fn.functionName}`);
      if (refusal) {
        this.usage.denied(fn.functionName, request.action, request.resource, refusal.reason);
        return refusal;
      }
    }
    for (const request of requests) this.usage.allowed(fn.functionName, request.action, request.resource);
    return undefined;
  }

  /**
   * What the Lambda service does with a function's role (polling its event source, sending to its
   * destinations): checked like the code's calls, recorded as the service's.
   */
  async checkService(fn: LocalFunction, request: AuthorizationRequest, what: string): Promise<Refusal | undefined> {
    const refusal = await this.decide(functionPrincipal(fn, this.accountId), request, `${fn.functionName} (${what})`);
    if (refusal) this.usage.denied(fn.functionName, request.action, request.resource, `${what}: ${refusal.reason}`);
    else this.usage.serviceUsed(fn.functionName, request.action, request.resource);
    return refusal;
  }

  /** A principal other than a function: a schedule's role, or an AWS service delivering to a resource. */
  async checkPrincipal(principal: Principal, request: AuthorizationRequest, who: string): Promise<Refusal | undefined> {
    return this.decide(principal, request, who);
  }

  /** A call that cannot be observed here: refused, and said so (never counted as unused). */
  notEmulated(caller: Caller, action: string, what: string): void {
    const who = caller.kind === "operator" ? "operator" : caller.fn.functionName;
    this.log(`${who} called ${what}: not emulated locally; answered with an error`);
    if (caller.kind === "function") this.usage.notEmulated(caller.fn.functionName, action);
  }

  private async decide(principal: Principal, request: AuthorizationRequest, who: string): Promise<Refusal | undefined> {
    const withPolicy = request.resourcePolicy || !this.resourcePolicyOf(request.resource) ? request : { ...request, resourcePolicy: this.resourcePolicyOf(request.resource) };
    const decision = await authorizePrincipal(principal, this.accountId, this.region, withPolicy);
    if (decision.allowed) return undefined;
    this.log(`REFUSED ${who}: ${request.action} on ${request.resource} (${decision.reason})`);
    return {
      action: request.action,
      resource: request.resource,
      reason: decision.reason,
      message: `User: ${principal.arn} is not authorized to perform: ${request.action} on resource: ${request.resource} because ${decision.reason}`,
    };
  }
}
