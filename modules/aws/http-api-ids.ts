import { shortHash } from "../core/naming";
import { isUnresolved } from "../core/validation";

/** Lambda's limit on a permission's statement id. */
export const STATEMENT_ID_MAX = 100;
/** Room for the API's name in a statement id; a longer name is cut and a hash of it kept. */
const API_PART_MAX = 40;

/** Letters and digits only, runs of anything else as one `_`: safe in logical ids and statement ids. */
export function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
}

/** `GET_users_id-1a2b3c`: ids follow the route, not its position, so adding a route never renames the others. */
export function routeId(routeKey: string): string {
  return `${slug(routeKey)}-${shortHash(routeKey, 6)}`;
}

/** `/aws/http-api/<apiName>/access`, with the characters a log group name cannot hold replaced. */
export function accessLogGroupName(apiName: string): string {
  // API names may hold any character; log group names only letters, digits and . _ - / #.
  const safe = isUnresolved(apiName) ? apiName : String(apiName).replace(/[^A-Za-z0-9._/#-]+/g, "-");
  return `/aws/http-api/${safe}/access`;
}

/**
 * The statement id of the Lambda permission that lets one route of one API invoke its function:
 * `AllowHttpApi-<api>-<route>-<hash of the route key>`, at most 100 characters. When it would be
 * longer, the route part is cut, never the hash, so two long routes of one function keep distinct
 * ids; an API name longer than 40 characters is cut too and a hash of the full name kept, so two
 * long API names that share their first 40 characters do not collide on a shared function.
 * Short names and routes give the same ids as before (`AllowHttpApi-svc_dev_api-GET_users-ca0e16`).
 */
export function permissionStatementId(apiName: string, routeKey: string): string {
  const api = apiPart(apiName);
  const hash = shortHash(routeKey, 6);
  const prefix = `AllowHttpApi-${api}-`;
  const room = STATEMENT_ID_MAX - prefix.length - hash.length - 1;
  return `${prefix}${slug(routeKey).slice(0, room)}-${hash}`;
}

/** The API's name as a statement id holds it: a slug, cut with a hash past 40 characters. */
function apiPart(apiName: string): string {
  const apiSlug = slug(String(apiName));
  return apiSlug.length > API_PART_MAX ? `${apiSlug.slice(0, API_PART_MAX - 9)}_${shortHash(String(apiName), 8)}` : apiSlug;
}

/**
 * The statement id of the Lambda permission that lets an API's Lambda authorizer invoke its function:
 * `AllowHttpApiAuthorizer-<api>` (the API part cut as in `permissionStatementId`), which no route's id
 * can be.
 */
export function authorizerStatementId(apiName: string): string {
  return `AllowHttpApiAuthorizer-${apiPart(apiName)}`;
}

// Statement ids given out so far, per function: Lambda keeps one policy per function (whatever the
// stack of the API), and a second permission with the same id fails at apply.
const statementIds = new WeakMap<object, Map<string, string>>();

/**
 * Records that `owner` (an API's path and route) uses `id` on `target`; returns the owner that already
 * had it, if another one did.
 */
export function claimStatementId(target: object, id: string, owner: string): string | undefined {
  let ids = statementIds.get(target);
  if (!ids) {
    ids = new Map();
    statementIds.set(target, ids);
  }
  const previous = ids.get(id);
  if (previous !== undefined && previous !== owner) return previous;
  ids.set(id, owner);
  return undefined;
}
