import { dig } from "../../../modules/core/terraform";
import { blocksWith, fact, type FactSection, type SecurityFact } from "../facts";
import type { StackView } from "../stack-view";

const ID = "data-egress";

/** Whether a destination is a resource the stack declares (`${aws_sqs_queue.q.arn}`), not a URL, an address or an ARN from elsewhere. */
function declaredInStack(view: StackView, destination: unknown): boolean {
  const address = view.namedBlock(destination);
  return address !== undefined && view.block(address)?.mode === "managed";
}

/**
 * Data sent out of a resource (`data-egress` grants: a subscription's endpoint, an event target's ARN...). A destination
 * that is no resource of the stack (an `https` URL, an e-mail address, another account's queue or
 * function) is data leaving what the stack declares: new, or changed to it, it widens.
 */
export const egressSection: FactSection = {
  id: ID,
  title: "Data leaving the stack",
  kinds: ["data-egress"],
  facts(view) {
    const facts: SecurityFact[] = [];
    for (const { block, grants } of blocksWith(view, ["data-egress"])) {
      for (const g of grants) {
        if (g.kind !== "data-egress") continue;
        const destination = dig(block.config, g.endpoint);
        const others = g.attributes.filter((a) => a !== g.endpoint).sort();
        const values = others.map((a) => dig(block.config, a));
        const inStack = declaredInStack(view, destination);
        const how = others.flatMap((a, i) => (values[i] === undefined ? [] : [`${a} ${view.text(values[i])}`])).join(", ");
        facts.push(
          fact(ID, view, block, {
            identity: `${view.canonical(block.address)}#${g.endpoint}`,
            fields: [
              ["Destination", `${view.target(destination)}${how ? ` (${how})` : ""}`],
              ["Detail", `${block.typeKey} delivers data ${inStack ? "to a resource of this stack" : "outside this stack"}`],
            ],
            content: JSON.stringify([view.key(destination), ...values.map((v) => view.key(v))]),
            broadensWhenAdded: !inStack,
            unknownFrom: [destination, ...values],
          }),
        );
      }
    }
    return facts;
  },
  // A destination changed to one outside the stack sends the data elsewhere.
  widens: (_before, after) => after.broadensWhenAdded,
};
