import { principalText, type IamPrincipal, type IamStatement } from "../terraform/iam-statement";
import { actionCovers } from "./action-patterns";
import { conditionsCover, conditionText, wildcardMatches } from "./conditions";

/**
 * Whether one set of IAM statements allows at least what another does: the question a review asks
 * of a change ("does head grant anything base did not?"). Statements are the house's one
 * `IamStatement` (modules/core/terraform/iam-statement.ts).
 */

/** Principals as text (`Service:lambda.amazonaws.com`, `AWS:arn:...`, `*`), sorted, each once. */
export function principalTexts(principals: readonly IamPrincipal[]): string[] {
  return sortedSet(principals.flatMap((p) => p.identifiers.map((id) => principalText(p, id))));
}

/** A list sorted (code-unit order, the same on every machine) with duplicates removed. */
export function sortedSet(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

/** The content of a statement, its Sid and where it is written left out: renaming a Sid grants nothing. */
export function statementKey(s: IamStatement): string {
  return JSON.stringify([
    s.effect,
    sortedSet(s.actions),
    sortedSet(s.notActions),
    sortedSet(s.resources),
    sortedSet(s.notResources),
    principalTexts(s.principals),
    principalTexts(s.notPrincipals),
    s.hasNotPrincipals,
    sortedSet(s.conditions.map(conditionText)),
  ]);
}

/** Whether `wide` alone allows at least everything `narrow` allows (see `coveredBy`). */
export function covers(wide: IamStatement, narrow: IamStatement): boolean {
  return coveredBy(narrow, [wide]);
}

/**
 * Whether the statements `wides` together allow at least everything `narrow` allows (same
 * effect): every (action, resource, principal) of `narrow` is allowed by one statement of `wides`
 * (IAM wildcards `*` and `?` honoured, actions in any case) whose conditions hold whenever
 * `narrow`'s hold (`conditionsCover`) and whose `Not*` lists are the same. So a statement split in
 * two, or two merged into one, is no broadening. An account principal (`AWS:111111111111` or
 * `AWS:arn:aws:iam::111111111111:root`) covers that account's roles, users and sessions.
 */
export function coveredBy(narrow: IamStatement, wides: readonly IamStatement[]): boolean {
  const same = (a: readonly string[], b: readonly string[]) => JSON.stringify(sortedSet(a)) === JSON.stringify(sortedSet(b));
  const candidates = wides.filter(
    (w) =>
      w.effect === narrow.effect &&
      same(w.notActions, narrow.notActions) &&
      same(w.notResources, narrow.notResources) &&
      same(principalTexts(w.notPrincipals), principalTexts(narrow.notPrincipals)) &&
      w.hasNotPrincipals === narrow.hasNotPrincipals &&
      conditionsCover(w.conditions, narrow.conditions),
  );
  if (candidates.length === 0) return false;
  const each = (values: readonly string[]) => (values.length > 0 ? values : [undefined]);
  const principalsOf = new Map(candidates.map((c) => [c, principalTexts(c.principals)]));
  const allows = (patterns: readonly string[], value: string | undefined, match: (p: string, v: string) => boolean) =>
    value === undefined ? patterns.length === 0 : patterns.some((p) => match(p, value));
  for (const action of each(narrow.actions)) {
    for (const resource of each(narrow.resources)) {
      for (const principal of each(principalTexts(narrow.principals))) {
        const ok = candidates.some(
          (c) =>
            allows(c.actions, action, actionCovers) &&
            allows(c.resources, resource, (p, v) => wildcardMatches(p, v)) &&
            (allows(principalsOf.get(c)!, principal, (p, v) => wildcardMatches(p, v)) || accountCovers(principalsOf.get(c)!, principal)),
        );
        if (!ok) return false;
      }
    }
  }
  return true;
}

/** An account principal lets the account's own IAM decide: it covers every role, user and session of that account. */
function accountCovers(patterns: readonly string[], principal: string | undefined): boolean {
  const m = principal === undefined ? null : /^AWS:arn:aws[\w-]*:(?:iam|sts)::(\d{12}):/.exec(principal);
  if (!m) return false;
  return patterns.some((p) => p === `AWS:${m[1]}` || new RegExp(`^AWS:arn:aws[\\w-]*:iam::${m[1]}:root$`).test(p));
}
