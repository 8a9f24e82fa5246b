import type { Rule, Validator } from "../validation";

/**
 * Principal sets that stand for a whole pool rather than named identities: every identity a Workload
 * Identity Federation pool admits (`principalSet://iam.googleapis.com/projects/<n>/locations/global/workloadIdentityPools/<pool>/*`),
 * every member of a workforce pool (`.../workforcePools/<pool>/*`), or every principal
 * (`principalSet://goog/public:all`). A pool's provider decides who gets in: with a GitHub provider
 * and a loose attribute condition, "the pool" is any repository of any organization. Grant to
 * `principalSet://.../attribute.repository/<owner>/<repo>` or `principal://.../subject/<subject>` instead
 * (Google Cloud, "Workload Identity Federation": principal identifiers; "Best practices for using
 * Workload Identity Federation": use attribute conditions and grant to specific principal sets).
 */
const POOL_WIDE = [
  /^principalSet:\/\/iam\.googleapis\.com\/projects\/[^/]+\/locations\/[^/]+\/workloadIdentityPools\/[^/]+\/\*\/?$/i,
  /^principalSet:\/\/iam\.googleapis\.com\/locations\/[^/]+\/workforcePools\/[^/]+\/\*\/?$/i,
  /^principalSet:\/\/goog\/public:all$/i,
];

/** True for a member that stands for a whole identity pool, or for everyone (see `POOL_WIDE`). */
export function isPoolWidePrincipal(member: unknown): boolean {
  return typeof member === "string" && POOL_WIDE.some((re) => re.test(member.trim()));
}

/** The validation rule for props and config that take principals: no pool-wide principal set. */
export const NOT_POOL_WIDE: Rule<string> = {
  description:
    "a principal narrower than a whole identity pool: principalSet://.../workloadIdentityPools/<pool>/attribute.repository/<owner>/<repo> or principal://.../subject/<subject>, not .../<pool>/* (every identity the pool admits) nor principalSet://goog/public:all",
  test: (member) => !isPoolWidePrincipal(member),
};

/** Refuses pool-wide principals among `members` (a list prop or config key, already checked to be a list of principals). */
export function checkNotPoolWide(v: Validator, prop: string, members: unknown): void {
  if (Array.isArray(members)) members.forEach((m, i) => v.check(`${prop}[${i}]`, m as string, NOT_POOL_WIDE));
}
