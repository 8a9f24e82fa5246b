import { Aspects, TerraformResource, TerraformStack, type IAspect } from "cdktf";
import type { Construct, IConstruct } from "constructs";
import { matches } from "./rules";
import { Validator } from "./validation";

/** What `renamedFrom` recorded on a construct: its previous id. */
const PREVIOUS_ID = Symbol.for("cdktf-serverless.renamedFrom");

/**
 * Declares that `construct` used to be called `previousId` (same parent): at synth, every
 * Terraform resource under it gets a `moved` block from the address it had under the old id to
 * its address now, so Terraform moves the state instead of destroying and re-creating the
 * resources. Keep the call until every environment has applied it; then it can go.
 *
 * The old addresses are computed by the stack's own `getLogicalId` (`allocateLogicalId`), the
 * function cdktf names resources with, on the construct path with the old id in place of the new one. Resources whose
 * logical id is overridden (`overrideLogicalId`) keep their address and get no `moved` block.
 *
 * @example renamedFrom(new ServerlessFunction(this, "UsersCreate", props), "users-create")
 */
export function renamedFrom<T extends IConstruct>(construct: T, previousId: string): T {
  const path = construct.node.path;
  const v = new Validator("renamedFrom", path);
  v.required("previousId", previousId);
  if (typeof previousId === "string" && previousId !== "") {
    v.check("previousId", previousId, matches(/^[^/]+$/, "a construct id (no `/`)"));
    if (previousId === construct.node.id) v.fail("previousId", "different from the construct's current id", previousId);
  }
  if (construct.node.scope === undefined || TerraformStack.isStack(construct)) {
    v.fail("construct", "a construct inside a stack (a stack or the app cannot be renamed this way)", path);
  }
  const siblings = construct.node.scope?.node.children ?? [];
  if (siblings.some((c) => c !== construct && c.node.id === previousId)) {
    v.fail("previousId", "an id no sibling uses now (the old resources would still exist)", previousId);
  }
  const known = (construct as unknown as Record<symbol, string | undefined>)[PREVIOUS_ID];
  if (known !== undefined) v.fail("previousId", `given once per construct (already renamed from "${known}")`, previousId);
  v.throwIfInvalid();

  Object.defineProperty(construct, PREVIOUS_ID, { value: previousId, enumerable: false });
  Aspects.of(construct).add(new MoveFromPreviousId(construct, previousId));
  return construct;
}

/** The addresses a renamed construct's resources had before the rename, by their current address. */
export function previousAddresses(construct: IConstruct, previousId: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const node of construct.node.findAll()) {
    if (!TerraformResource.isTerraformResource(node)) continue;
    const resource = node as TerraformResource;
    const stack = TerraformStack.of(resource);
    const current = stack.getLogicalId(resource.node);
    // An overridden logical id does not follow the construct path: the rename does not move it.
    if (resource.friendlyUniqueId !== current) continue;
    const scopes = resource.node.scopes.map((scope) => (scope === construct ? renamedScope(previousId) : scope));
    const previous = stack.getLogicalId({ scopes } as unknown as Construct["node"]);
    if (previous === current) continue;
    out.set(`${resource.terraformResourceType}.${current}`, `${resource.terraformResourceType}.${previous}`);
  }
  return out;
}

/** A stand-in for the construct under its old id: `allocateLogicalId` reads only `node.id` of each scope. */
function renamedScope(previousId: string): IConstruct {
  return { node: { id: previousId } } as unknown as IConstruct;
}

class MoveFromPreviousId implements IAspect {
  private readonly moved = new WeakSet<IConstruct>();

  constructor(
    private readonly construct: IConstruct,
    private readonly previousId: string,
  ) {}

  public visit(node: IConstruct): void {
    if (!TerraformResource.isTerraformResource(node) || this.moved.has(node)) return;
    this.moved.add(node);
    const resource = node as TerraformResource;
    const from = previousAddresses(this.construct, this.previousId).get(`${resource.terraformResourceType}.${resource.friendlyUniqueId}`);
    if (from) resource.moveFromId(from);
  }
}
