import { Aspects, App, LocalBackend, TerraformStack, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { isAbsolute, join, relative, resolve } from "node:path";

const APPLIED = Symbol.for("cdktf-serverless/relative-local-state");
type Marked = TerraformStack & { [APPLIED]?: boolean };

/**
 * cdktf gives a stack without a backend a local backend whose path is absolute
 * (`<cwd>/terraform.<stack>.tfstate`), so the synthesized JSON depends on where the project is
 * checked out. This rewrites that default path, at synth, to the same file relative to the stack's
 * working directory (where Terraform runs). A path the stack chose itself is left alone.
 */
class RelativeLocalState implements IAspect {
  public visit(node: IConstruct): void {
    if (node instanceof TerraformStack) relativizeDefaultLocalState(node);
  }
}

/** Makes the default local state path of the stack holding `scope` relative (once per stack). */
export function useRelativeLocalState(scope: IConstruct): void {
  const stack = TerraformStack.of(scope) as Marked;
  if (stack[APPLIED] !== undefined) return;
  stack[APPLIED] = false;
  Aspects.of(stack).add(new RelativeLocalState());
}

/**
 * Applies the rewrite now if `useRelativeLocalState` asked for it and cdktf has added its default
 * backend (it does so just before synth); idempotent. Exported for code that renders a stack
 * during synth before the aspect reaches it (the rule pack).
 */
export function relativizeDefaultLocalState(stack: TerraformStack): void {
  const marked = stack as Marked;
  if (marked[APPLIED] !== false) return;
  const backend = stack.node.children.find((c): c is LocalBackend => c instanceof LocalBackend);
  if (!backend) return;
  marked[APPLIED] = true;
  const local = (backend.toTerraform() as { terraform: { backend: { local: { path?: string } } } }).terraform.backend.local;
  const defaultPath = join(process.cwd(), `terraform.${stack.node.id}.tfstate`);
  if (!local.path || !isAbsolute(local.path) || local.path !== defaultPath) return;
  const workingDirectory = resolve(App.of(stack).outdir, "stacks", stack.node.id);
  backend.addOverride("path", relative(workingDirectory, defaultPath).split("\\").join("/"));
}
