/** What each function's code called, allowed or refused, for the least-privilege report. */
export class Usage {
  private readonly used = new Map<string, Map<string, Set<string>>>();
  private readonly refused = new Map<string, { action: string; resource: string; reason: string }[]>();
  private readonly invoked = new Set<string>();

  invocation(functionName: string): void {
    this.invoked.add(functionName);
  }

  allowed(functionName: string, action: string, resource: string): void {
    const byAction = this.used.get(functionName) ?? new Map<string, Set<string>>();
    this.used.set(functionName, byAction);
    byAction.set(action, (byAction.get(action) ?? new Set()).add(resource));
  }

  denied(functionName: string, action: string, resource: string, reason: string): void {
    this.refused.set(functionName, [...(this.refused.get(functionName) ?? []), { action, resource, reason }]);
  }

  wasInvoked(functionName: string): boolean {
    return this.invoked.has(functionName);
  }

  usedBy(functionName: string): ReadonlyMap<string, ReadonlySet<string>> {
    return this.used.get(functionName) ?? new Map();
  }

  refusedFor(functionName: string): readonly { action: string; resource: string; reason: string }[] {
    return this.refused.get(functionName) ?? [];
  }
}
