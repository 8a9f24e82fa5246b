import { catalogEntry } from "../../catalog";
import { describeUnreadable, isUnder, type Unreadable } from "../../terraform";
import type { SynthesizedResource } from "../rule";
import { modelOf } from "./aws/iam-statements";

const attributesOf = new Map<string, readonly string[]>();

/** The arguments of a type that grant or expose something (every kind of grant the catalog knows). */
export function securityAttributes(typeKey: string): readonly string[] {
  let attributes = attributesOf.get(typeKey);
  if (!attributes) attributesOf.set(typeKey, (attributes = (catalogEntry(typeKey)?.grants ?? []).flatMap((g) => g.attributes)));
  return attributes;
}

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
