import type { UserKey } from "../../../lambda-src/users/cursor";
import { createUsersHandlers } from "../../../lambda-src/users/handlers";
import type { UserPage, UserRepository } from "../../../lambda-src/users/repository";
import type { User, UserInput } from "../../../lambda-src/users/user";
import { bodyOf, captureStdout, httpEvent, lambdaContext, type EventOptions } from "../http-fixtures";

const ID = "0b6c2a3e-8f1d-4c5b-9a7e-2d4f6b8c0e1a";
const NEW_ID = "7d3f9c1a-2b4e-4f6a-8c0d-1e3f5a7b9c2d";
const NOW = "2025-11-22T06:00:00.000Z";
const ADA: User = { id: ID, name: "Ada", email: "ada@example.org", createdAt: "2025-01-01T00:00:00.000Z", updatedAt: "2025-01-01T00:00:00.000Z" };

/** An in-memory repository that records every call. */
class FakeRepository implements UserRepository {
  readonly calls: [string, ...unknown[]][] = [];
  readonly users = new Map<string, User>([[ADA.id, ADA]]);
  lastKey?: UserKey;
  failWith?: Error;

  private record(...call: [string, ...unknown[]]): void {
    this.calls.push(call);
    if (this.failWith) throw this.failWith;
  }
  async list(limit: number, startKey?: UserKey): Promise<UserPage> {
    this.record("list", limit, startKey);
    return { items: [...this.users.values()], ...(this.lastKey && { lastKey: this.lastKey }) };
  }
  async get(id: string): Promise<User | undefined> {
    this.record("get", id);
    return this.users.get(id);
  }
  async create(user: User): Promise<boolean> {
    this.record("create", user);
    if (this.users.has(user.id)) return false;
    this.users.set(user.id, user);
    return true;
  }
  async update(id: string, input: UserInput, updatedAt: string): Promise<User | undefined> {
    this.record("update", id, input, updatedAt);
    const user = this.users.get(id);
    if (!user) return undefined;
    const updated = { ...user, ...input, updatedAt };
    this.users.set(id, updated);
    return updated;
  }
  async remove(id: string): Promise<User | undefined> {
    this.record("remove", id);
    const user = this.users.get(id);
    this.users.delete(id);
    return user;
  }
}

function setup(newId = NEW_ID) {
  const repository = new FakeRepository();
  const handlers = createUsersHandlers({ repository: () => repository, newId: () => newId, now: () => new Date(NOW) });
  const call = (name: keyof typeof handlers, options: EventOptions) => handlers[name](httpEvent(options), lambdaContext("lambda-1"));
  return { repository, call };
}

const json = (value: unknown) => JSON.stringify(value);
const INVALID_USER = {
  error: "Invalid user",
  details: ["name must be a non-empty string of at most 100 characters", "email must be a valid email address of at most 254 characters"],
};

describe("GET /users (list)", () => {
  it("returns a page of users with the default limit and no cursor at the end", async () => {
    const { call, repository } = setup();
    const response = await call("list", { path: "/users" });
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({ items: [ADA] });
    expect(repository.calls).toEqual([["list", 25, undefined]]);
  });

  it("returns a cursor for the next page and follows one", async () => {
    const { call, repository } = setup();
    repository.lastKey = { id: ID };
    const first = bodyOf(await call("list", { path: "/users", query: { limit: "1" } })) as { nextCursor: string };
    expect(first.nextCursor).toBe(Buffer.from(json({ id: ID })).toString("base64url"));
    await call("list", { path: "/users", query: { limit: "100", cursor: first.nextCursor } });
    expect(repository.calls).toEqual([
      ["list", 1, undefined],
      ["list", 100, { id: ID }],
    ]);
  });

  it.each(["0", "101", "-1", "1.5", "1e2", "ten", "", "0100"])("answers 400 for limit=%p without reading", async (limit) => {
    const { call, repository } = setup();
    const response = await call("list", { path: "/users", query: { limit } });
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response)).toEqual({ error: "limit must be an integer from 1 to 100" });
    expect(repository.calls).toEqual([]);
  });

  it.each(["", "%%%", Buffer.from('{"id":{"S":"x"}}').toString("base64url")])("answers 400 for cursor=%p without reading", async (cursor) => {
    const { call, repository } = setup();
    const response = await call("list", { path: "/users", query: { cursor } });
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response)).toEqual({ error: "cursor is not valid" });
    expect(repository.calls).toEqual([]);
  });
});

describe("GET /users/{id} (get)", () => {
  it("returns the user", async () => {
    const { call, repository } = setup();
    const response = await call("get", { path: `/users/${ID}`, pathParameters: { id: ID } });
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual(ADA);
    expect(repository.calls).toEqual([["get", ID]]);
  });

  it("answers 404 for an unknown user", async () => {
    const { call } = setup();
    const response = await call("get", { path: `/users/${NEW_ID}`, pathParameters: { id: NEW_ID } });
    expect(response.statusCode).toBe(404);
    expect(bodyOf(response)).toEqual({ error: "User not found" });
  });

  it.each<Record<string, string>>([{}, { id: "42" }, { id: ID.toUpperCase() }])("answers 400 for path parameters %p without reading", async (pathParameters) => {
    const { call, repository } = setup();
    const response = await call("get", { path: "/users/x", pathParameters });
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response)).toEqual({ error: "id must be a lowercase UUID" });
    expect(repository.calls).toEqual([]);
  });
});

describe("POST /users (create)", () => {
  it("creates the user with a new id and timestamps, 201 with a Location", async () => {
    const { call, repository } = setup();
    const response = await call("create", { method: "POST", path: "/users", body: json({ name: " Grace ", email: "grace@example.org" }) });
    const created = { id: NEW_ID, name: "Grace", email: "grace@example.org", createdAt: NOW, updatedAt: NOW };
    expect(response.statusCode).toBe(201);
    expect(response.headers?.location).toBe(`/users/${NEW_ID}`);
    expect(bodyOf(response)).toEqual(created);
    expect(repository.calls).toEqual([["create", created]]);
  });

  it("keeps a stage prefix of the request path in the Location", async () => {
    const { call } = setup();
    const response = await call("create", { method: "POST", path: "/prod/users/", body: json({ name: "G", email: "g@example.org" }) });
    expect(response.headers?.location).toBe(`/prod/users/${NEW_ID}`);
  });

  it("reads a base64-encoded body", async () => {
    const { call } = setup();
    const body = Buffer.from(json({ name: "Grace", email: "grace@example.org" })).toString("base64");
    const response = await call("create", { method: "POST", path: "/users", body, isBase64Encoded: true });
    expect(response.statusCode).toBe(201);
  });

  it.each([
    ["a missing body", undefined, { error: "Request body is required" }],
    ["bad JSON", "{name:", { error: "Request body is not valid JSON" }],
    ["an invalid user", json({ name: "", email: "nope" }), INVALID_USER],
    ["an unknown field", json({ name: "G", email: "g@example.org", id: ID }), { error: "Invalid user", details: ["unknown field: id"] }],
  ])("answers 400 for %s without writing", async (_label, body, error) => {
    const { call, repository } = setup();
    const response = await call("create", { method: "POST", path: "/users", body });
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response)).toEqual(error);
    expect(repository.calls).toEqual([]);
  });

  it("answers 409 when the id is taken", async () => {
    const { call } = setup(ID);
    const response = await call("create", { method: "POST", path: "/users", body: json({ name: "G", email: "g@example.org" }) });
    expect(response.statusCode).toBe(409);
    expect(bodyOf(response)).toEqual({ error: "A user with this id already exists" });
  });
});

describe("PUT /users/{id} (update)", () => {
  it("replaces name and email and returns the user", async () => {
    const { call, repository } = setup();
    const response = await call("update", {
      method: "PUT",
      path: `/users/${ID}`,
      pathParameters: { id: ID },
      body: json({ name: "Ada King", email: "ada@example.com" }),
    });
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({ ...ADA, name: "Ada King", email: "ada@example.com", updatedAt: NOW });
    expect(repository.calls).toEqual([["update", ID, { name: "Ada King", email: "ada@example.com" }, NOW]]);
  });

  it("answers 404 for an unknown user", async () => {
    const { call } = setup();
    const response = await call("update", {
      method: "PUT",
      path: `/users/${NEW_ID}`,
      pathParameters: { id: NEW_ID },
      body: json({ name: "G", email: "g@example.org" }),
    });
    expect(response.statusCode).toBe(404);
    expect(bodyOf(response)).toEqual({ error: "User not found" });
  });

  it.each([
    ["a bad id", { id: "nope" }, json({ name: "G", email: "g@example.org" }), { error: "id must be a lowercase UUID" }],
    ["bad JSON", { id: ID }, "[", { error: "Request body is not valid JSON" }],
    ["a missing body", { id: ID }, undefined, { error: "Request body is required" }],
    ["a partial user", { id: ID }, json({ name: "" }), INVALID_USER],
  ])("answers 400 for %s without writing", async (_label, pathParameters, body, error) => {
    const { call, repository } = setup();
    const response = await call("update", { method: "PUT", path: "/users/x", pathParameters, body });
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response)).toEqual(error);
    expect(repository.calls).toEqual([]);
  });
});

describe("DELETE /users/{id} (remove)", () => {
  it("answers 204 without a body", async () => {
    const { call, repository } = setup();
    const response = await call("remove", { method: "DELETE", path: `/users/${ID}`, pathParameters: { id: ID } });
    expect(response).toEqual({ statusCode: 204, headers: {} });
    expect(repository.calls).toEqual([["remove", ID]]);
    expect(repository.users.has(ID)).toBe(false);
  });

  it("answers 404 for an unknown user", async () => {
    const { call } = setup();
    const response = await call("remove", { method: "DELETE", path: `/users/${NEW_ID}`, pathParameters: { id: NEW_ID } });
    expect(response.statusCode).toBe(404);
    expect(bodyOf(response)).toEqual({ error: "User not found" });
  });

  it("answers 400 for a bad id without writing", async () => {
    const { call, repository } = setup();
    const response = await call("remove", { method: "DELETE", path: "/users/x", pathParameters: { id: "x" } });
    expect(response.statusCode).toBe(400);
    expect(repository.calls).toEqual([]);
  });
});

describe("unexpected errors", () => {
  const valid = { id: ID };
  const body = json({ name: "G", email: "g@example.org" });
  it.each([
    ["list", { path: "/users" }],
    ["get", { pathParameters: valid }],
    ["create", { method: "POST", path: "/users", body }],
    ["update", { method: "PUT", pathParameters: valid, body }],
    ["remove", { method: "DELETE", pathParameters: valid }],
  ] as const)("%s answers a generic 500 and logs the error once", async (name, options) => {
    const { call, repository } = setup();
    const failure = new Error("ProvisionedThroughputExceededException on arn:aws:dynamodb:eu-west-1:123456789012:table/secret");
    repository.failWith = failure;
    const stdout = captureStdout();
    let response;
    try {
      response = await call(name, options);
    } finally {
      stdout.restore();
    }
    expect(response.statusCode).toBe(500);
    expect(bodyOf(response)).toEqual({ error: "Internal server error", requestId: "lambda-1" });
    expect(response.body).not.toContain("secret");
    expect(response.body).not.toContain(failure.stack?.split("\n")[1]?.trim() ?? "no stack");
    expect(stdout.lines()).toEqual([
      expect.objectContaining({
        level: "error",
        message: "Unhandled error",
        requestId: "lambda-1",
        apiRequestId: "api-request-1",
        error: expect.objectContaining({ message: failure.message, stack: failure.stack }),
      }),
    ]);
  });

  it("answers 500 when the repository cannot be made (e.g. no table name)", async () => {
    const handlers = createUsersHandlers({
      repository: () => {
        throw new Error("USERS_TABLE_NAME is not set");
      },
      newId: () => NEW_ID,
      now: () => new Date(NOW),
    });
    const stdout = captureStdout();
    let response;
    try {
      response = await handlers.list(httpEvent({ path: "/users" }), lambdaContext());
    } finally {
      stdout.restore();
    }
    expect(response.statusCode).toBe(500);
    expect(stdout.lines()[0]).toMatchObject({ level: "error", error: { message: "USERS_TABLE_NAME is not set" } });
  });
});
