/** What each function's code called, allowed or refused, for the least-privilege report. */
export class Usage {
  private readonly used = new Map<string, Map<string, Set<string>>>();
  private readonly byService = new Map<string, Map<string, Set<string>>>();
  private readonly refused = new Map<string, { action: string; resource: string; reason: string }[]>();
  private readonly unobserved = new Map<string, Set<string>>();
  private readonly invoked = new Set<string>();

  invocation(functionName: string): void {
    this.invoked.add(functionName);
  }

  allowed(functionName: string, action: string, resource: string): void {
    add(this.used, functionName, action, resource);
  }

  /** An action the Lambda service performed with the function's role (event source, destination). */
  serviceUsed(functionName: string, action: string, resource: string): void {
    add(this.byService, functionName, action, resource);
  }

  denied(functionName: string, action: string, resource: string, reason: string): void {
    this.refused.set(functionName, [...(this.refused.get(functionName) ?? []), { action, resource, reason }]);
  }

  /** A call the code made to something not emulated: its grant cannot be judged from this run. */
  notEmulated(functionName: string, action: string): void {
    this.unobserved.set(functionName, (this.unobserved.get(functionName) ?? new Set()).add(action));
  }

  wasInvoked(functionName: string): boolean {
    return this.invoked.has(functionName);
  }

  usedBy(functionName: string): ReadonlyMap<string, ReadonlySet<string>> {
    return this.used.get(functionName) ?? new Map();
  }

  usedByService(functionName: string): ReadonlyMap<string, ReadonlySet<string>> {
    return this.byService.get(functionName) ?? new Map();
  }

  refusedFor(functionName: string): readonly { action: string; resource: string; reason: string }[] {
    return this.refused.get(functionName) ?? [];
  }

  notEmulatedFor(functionName: string): ReadonlySet<string> {
    return this.unobserved.get(functionName) ?? new Set();
  }
}

function add(map: Map<string, Map<string, Set<string>>>, functionName: string, action: string, resource: string): void {
  const byAction = map.get(functionName) ?? new Map<string, Set<string>>();
  map.set(functionName, byAction);
  byAction.set(action, (byAction.get(action) ?? new Set()).add(resource));
}
