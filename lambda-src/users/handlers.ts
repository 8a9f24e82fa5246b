import { HttpError, httpHandler, json, parseJsonBody, type HttpHandler } from "@svc/shared";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { decodeCursor, encodeCursor, type UserKey } from "./cursor";
import type { UserRepository } from "./repository";
import { isUserId, validateUserInput, type UserInput } from "./user";

export interface UsersDependencies {
  /** Called per request, so a missing table name fails that request, not the cold start. */
  readonly repository: () => UserRepository;
  readonly newId: () => string;
  readonly now: () => Date;
}

export interface UsersHandlers {
  readonly list: HttpHandler;
  readonly get: HttpHandler;
  readonly create: HttpHandler;
  readonly update: HttpHandler;
  readonly remove: HttpHandler;
}

const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 100;

export function createUsersHandlers(deps: UsersDependencies): UsersHandlers {
  return {
    list: httpHandler(async (event) => {
      const { limit, startKey } = pageOf(event);
      const page = await deps.repository().list(limit, startKey);
      return json(200, { items: page.items, ...(page.lastKey && { nextCursor: encodeCursor(page.lastKey) }) });
    }),

    get: httpHandler(async (event) => {
      const user = await deps.repository().get(idOf(event));
      return user ? json(200, user) : notFound();
    }),

    create: httpHandler(async (event) => {
      const input = inputOf(event);
      const now = deps.now().toISOString();
      const user = { id: deps.newId(), ...input, createdAt: now, updatedAt: now };
      if (!(await deps.repository().create(user))) throw new HttpError(409, "A user with this id already exists");
      const location = `${event.rawPath.replace(/\/+$/, "")}/${user.id}`;
      return json(201, user, { location });
    }),

    update: httpHandler(async (event) => {
      const id = idOf(event);
      const user = await deps.repository().update(id, inputOf(event), deps.now().toISOString());
      return user ? json(200, user) : notFound();
    }),

    remove: httpHandler(async (event) => {
      const user = await deps.repository().remove(idOf(event));
      return user ? json(204) : notFound();
    }),
  };
}

function notFound() {
  return json(404, { error: "User not found" });
}

function idOf(event: APIGatewayProxyEventV2): string {
  const id = event.pathParameters?.id;
  if (!isUserId(id)) throw new HttpError(400, "id must be a lowercase UUID");
  return id;
}

function inputOf(event: APIGatewayProxyEventV2): UserInput {
  const body = parseJsonBody(event);
  if (!body.ok) throw body.error;
  const input = validateUserInput(body.value);
  if (!input.ok) throw new HttpError(400, "Invalid user", input.errors);
  return input.value;
}

function pageOf(event: APIGatewayProxyEventV2): { limit: number; startKey?: UserKey } {
  const query = event.queryStringParameters ?? {};
  const limit = query.limit === undefined ? DEFAULT_LIMIT : /^\d{1,3}$/.test(query.limit) ? Number(query.limit) : NaN;
  if (!(limit >= 1 && limit <= MAX_LIMIT)) {
    throw new HttpError(400, `limit must be an integer from 1 to ${MAX_LIMIT}`);
  }
  if (query.cursor === undefined) return { limit };
  const startKey = decodeCursor(query.cursor);
  if (!startKey) throw new HttpError(400, "cursor is not valid");
  return { limit, startKey };
}
