import { catalogEntry } from "../../../modules/core/catalog";
import { argumentsOf, fact, type FactSection, type SecurityFact } from "../facts";

const ID = "other-grants";

/**
 * Identity, trust and resource grants that hold no IAM policy document the model reads statement by
 * statement (an OIDC provider's URL and audiences, a workload identity pool provider's condition):
 * read as a whole. A new one widens; a changed one may.
 */
export const otherGrantsSection: FactSection = {
  id: ID,
  title: "Other grants",
  kinds: [],
  facts(view) {
    const facts: SecurityFact[] = [];
    for (const block of view.blocks) {
      const grants = (catalogEntry(block.typeKey)?.grants ?? []).filter((g) => (g.kind === "identity-policy" || g.kind === "trust-policy" || g.kind === "resource-policy") && g.policy === undefined);
      if (grants.length === 0) continue;
      const args = argumentsOf(view, block, grants.flatMap((g) => g.attributes));
      facts.push(
        fact(ID, view, block, {
          identity: view.canonical(block.address),
          fields: [["Grants", grants.map((g) => g.kind).join(", ")], ...args.fields],
          content: args.content,
          broadensWhenAdded: true,
          uncompared: `the review does not compare the arguments of ${block.typeKey}`,
          unknownFrom: args.values,
        }),
      );
    }
    return facts;
  },
};
