import { providerIdentityArguments } from "../../../modules/core/catalog";
import { type Config } from "../../../modules/core/terraform";
import { fact, type FactSection, type SecurityFact } from "../facts";
import type { StackView } from "../stack-view";

const ID = "providers";

/** `aws`, `aws.other`: a provider as Terraform names it. */
function providerName(type: string, alias: string | undefined): string {
  return alias ? `${type}.${alias}` : type;
}

/** The arguments of a provider block that decide who applies and where (`PROVIDER_IDENTITY_ARGUMENTS`), as shown and compared. */
function identityOf(view: StackView, type: string, config: Config): { shown: string; content: string; values: unknown[] } {
  const wanted = providerIdentityArguments(type);
  const keys = Object.keys(config).filter((k) => k !== "//" && (wanted === "all" || wanted.includes(k))).sort();
  const values = keys.map((k) => config[k]);
  const shown = keys.filter((k) => k !== "alias").map((k) => `${k} = ${view.text(config[k])}`).join("; ");
  return { shown: shown === "" ? "(credentials and place from the environment)" : shown, content: JSON.stringify(keys.map((k, i) => [k, view.canonicalValue(values[i])])), values };
}

/**
 * Who the stack's resources apply as, and where: each provider block's identity arguments (an
 * account, a role it assumes, a region, credentials, endpoints: `PROVIDER_IDENTITY_ARGUMENTS` in
 * the catalog), and each resource pointed at a provider other than its type's default (`provider =
 * "aws.other"`), with the account and role it then applies in. A new provider, a changed identity
 * argument, or a resource moved to another provider widens: its resources apply as another
 * identity or in another account, whatever their own arguments say.
 */
export const providersSection: FactSection = {
  id: ID,
  title: "Where resources apply (providers)",
  kinds: [],
  facts(view) {
    const facts: SecurityFact[] = [];
    const providers = view.model.providers();
    const unknown = (value: unknown) => view.unknownIn(value).map((u) => view.unknownShown(u));
    for (const p of providers) {
      const name = providerName(p.type, p.alias);
      const id = identityOf(view, p.type, p.config);
      facts.push({
        section: ID,
        stack: view.name,
        address: `provider.${name}`,
        identity: `provider ${name}`,
        type: `provider ${p.type}`,
        path: `provider ${name}`,
        fields: [
          ["Applies through", name],
          ["As / in", id.shown],
        ],
        content: id.content,
        broadensWhenAdded: true,
        unknown: unknown(id.values),
      });
    }
    for (const block of view.blocks) {
      const chosen = block.raw.provider;
      if (typeof chosen !== "string" || !chosen.includes(".")) continue;
      const [type, alias] = chosen.split(".", 2);
      const p = providers.find((x) => x.type === type && x.alias === alias);
      facts.push(
        fact(ID, view, block, {
          identity: `${view.canonical(block.address)}#provider`,
          fields: [
            ["Applies through", `<${view.describe(block.address)}> applies through ${chosen}`],
            ["As / in", p ? identityOf(view, type, p.config).shown : "(no such provider in the stack)"],
          ],
          content: chosen,
          broadensWhenAdded: true,
          unknownFrom: p ? identityOf(view, type, p.config).values : [],
        }),
      );
    }
    return facts;
  },
};
