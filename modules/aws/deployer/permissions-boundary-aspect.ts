import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Aspects, TerraformResource, TerraformStack, Token, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { Validator } from "../../core/validation";

const APPLIED = Symbol.for("cdktf-serverless/permissions-boundary");
type Marked = TerraformStack & { [APPLIED]?: string };

/**
 * Gives every IAM role of the stack the environment's permissions boundary, at synth: the roles of
 * the constructs and raw `IamRole`s alike, and any other `aws_iam_role` resource through an override.
 * A role that already names another boundary is refused (its construct path, the boundary it names):
 * the deployer may create roles only with this one, so such a role could never be applied.
 */
class PermissionsBoundary implements IAspect {
  constructor(private readonly boundaryArn: string) {}

  public visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource) || node.terraformResourceType !== "aws_iam_role") return;
    if (node instanceof IamRole) {
      const current = node.permissionsBoundaryInput;
      if (current === undefined) node.permissionsBoundary = this.boundaryArn;
      else if (current !== this.boundaryArn) this.refuse(node, current);
      return;
    }
    node.addOverride("permissions_boundary", this.boundaryArn);
  }

  private refuse(node: IConstruct, current: string): never {
    new Validator("permissions boundary", node.node.path)
      .fail(
        "permissionsBoundary",
        `unset, or the environment's boundary ${this.boundaryArn}: every role of the stack carries it, and the deployer creates roles only with it${Token.isUnresolved(current) ? " (a value Terraform computes cannot be checked)" : ""}`,
        current,
      )
      .throwIfInvalid();
    throw new Error("unreachable");
  }
}

/** Attaches `boundaryArn` to every IAM role the stack creates (once per stack; a second, different boundary is refused). */
export function applyPermissionsBoundary(stack: TerraformStack, boundaryArn: string): void {
  const marked = stack as Marked;
  if (marked[APPLIED] !== undefined) {
    if (marked[APPLIED] !== boundaryArn) new Validator("applyPermissionsBoundary", stack.node.path).fail("boundaryArn", `the boundary already applied (${marked[APPLIED]})`, boundaryArn).throwIfInvalid();
    return;
  }
  marked[APPLIED] = boundaryArn;
  Aspects.of(stack).add(new PermissionsBoundary(boundaryArn));
}

/** The boundary `applyPermissionsBoundary` gave the stack, if any. */
export function permissionsBoundaryOf(stack: TerraformStack): string | undefined {
  return (stack as Marked)[APPLIED];
}
