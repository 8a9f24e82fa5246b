import { securityAttributes } from "../../catalog/security";
import { describeUnreadable, isUnder, type Unreadable } from "../../terraform";
import type { SynthesizedResource } from "../rule";
import { modelOf } from "./aws/iam-statements";

/** The places of a block, under an argument that bears IAM, network or public exposure, that the model cannot read. */
export function unreadableSecurityValues(resource: SynthesizedResource, typeKey: string): Unreadable[] {
  const attributes = securityAttributes(typeKey);
  if (attributes.length === 0) return [];
  return modelOf(resource)
    .unreadable(resource.address)
    .filter((u) => isUnder(u.path, attributes));
}

/** One finding's detail for them: `cannot verify <what> at <address>.<path>: <why>; ...`. */
export function describeAll(unreadable: readonly Unreadable[]): string {
  return unreadable.map((u) => describeUnreadable(u)).join("; ");
}
