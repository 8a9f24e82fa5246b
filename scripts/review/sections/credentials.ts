import { argumentsOf, blocksWith, fact, type FactSection } from "../facts";

const ID = "credentials";

/** Long-lived credentials (`credentials` grants: access keys, service account keys, login profiles): a new one widens, a changed one may. */
export const credentialsSection: FactSection = {
  id: ID,
  title: "Long-lived credentials",
  kinds: ["credentials"],
  facts(view) {
    return blocksWith(view, ["credentials"]).map(({ block, grants }) => {
      const args = argumentsOf(view, block, grants.flatMap((g) => g.attributes));
      return fact(ID, view, block, {
        identity: view.canonical(block.address),
        fields: args.fields,
        content: args.content,
        broadensWhenAdded: true,
        uncompared: `a credential of ${block.typeKey}: any change is a new or different secret`,
        unknownFrom: args.values,
      });
    });
  },
};
