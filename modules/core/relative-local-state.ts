import { Aspects, App, LocalBackend, TerraformStack, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { isAbsolute, join, relative, resolve } from "node:path";

const APPLIED = Symbol.for("cdktf-serverless/relative-local-state");

/**
 * cdktf gives a stack without a backend a local backend whose path is absolute
 * (`<cwd>/terraform.<stack>.tfstate`), so the synthesized JSON depends on where the project is
 * checked out. This rewrites that default path, at synth, to the same file relative to the stack's
 * working directory (where Terraform runs). A path the stack chose itself is left alone.
 */
class RelativeLocalState implements IAspect {
  public visit(node: IConstruct): void {
    if (!(node instanceof LocalBackend)) return;
    const stack = TerraformStack.of(node);
    const local = (node.toTerraform() as { terraform: { backend: { local: { path?: string } } } }).terraform.backend.local;
    const defaultPath = join(process.cwd(), `terraform.${stack.node.id}.tfstate`);
    if (!local.path || !isAbsolute(local.path) || local.path !== defaultPath) return;
    const workingDirectory = resolve(App.of(stack).outdir, "stacks", stack.node.id);
    node.addOverride("path", relative(workingDirectory, defaultPath).split("\\").join("/"));
  }
}

/** Makes the default local state path of the stack holding `scope` relative (once per stack). */
export function useRelativeLocalState(scope: IConstruct): void {
  const stack = TerraformStack.of(scope) as TerraformStack & { [APPLIED]?: true };
  if (stack[APPLIED]) return;
  stack[APPLIED] = true;
  Aspects.of(stack).add(new RelativeLocalState());
}
