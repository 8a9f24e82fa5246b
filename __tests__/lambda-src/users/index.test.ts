import { DynamoDBClient, GetItemCommand, PutItemCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import * as users from "../../../lambda-src/users";
import { repositoryFromEnvironment, sharedClient } from "../../../lambda-src/users/repository";
import { bodyOf, captureStdout, httpEvent, lambdaContext } from "../http-fixtures";

const saved = { table: process.env.USERS_TABLE_NAME, region: process.env.AWS_REGION };
let send: jest.SpyInstance;

beforeEach(() => {
  process.env.USERS_TABLE_NAME = "svc-test-users";
  process.env.AWS_REGION = "eu-central-1";
  // No network: every command stops here.
  send = jest.spyOn(DynamoDBClient.prototype, "send").mockImplementation(async () => ({ $metadata: {} }));
});

afterEach(() => {
  send.mockRestore();
  for (const [key, value] of [["USERS_TABLE_NAME", saved.table], ["AWS_REGION", saved.region]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe("users entry", () => {
  it("exports one handler per function", () => {
    expect(Object.keys(users).sort()).toEqual(["create", "get", "list", "remove", "update"]);
    for (const handler of Object.values(users)) expect(typeof handler).toBe("function");
  });

  it("lists from the table named by USERS_TABLE_NAME", async () => {
    send.mockImplementation(async () => ({ $metadata: {}, Items: [] }));
    const response = await users.list(httpEvent({ path: "/users" }), lambdaContext());
    expect(bodyOf(response)).toEqual({ items: [] });
    expect(send).toHaveBeenCalledTimes(1);
    const [command] = send.mock.calls[0];
    expect(command).toBeInstanceOf(ScanCommand);
    expect(command.input).toEqual({ TableName: "svc-test-users", Limit: 25 });
  });

  it("creates users with random UUIDs and the current time", async () => {
    const before = Date.now();
    const response = await users.create(
      httpEvent({ method: "POST", path: "/users", body: JSON.stringify({ name: "Ada", email: "ada@example.org" }) }),
      lambdaContext(),
    );
    expect(response.statusCode).toBe(201);
    const user = bodyOf(response) as { id: string; createdAt: string };
    expect(user.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Date.parse(user.createdAt)).toBeGreaterThanOrEqual(before - 1);
    const [command] = send.mock.calls[0];
    expect(command).toBeInstanceOf(PutItemCommand);
    expect(command.input.Item.id).toEqual({ S: user.id });
  });

  it("answers 404 through the real wiring when DynamoDB has no item", async () => {
    const id = "0b6c2a3e-8f1d-4c5b-9a7e-2d4f6b8c0e1a";
    const response = await users.get(httpEvent({ path: `/users/${id}`, pathParameters: { id } }), lambdaContext());
    expect(response.statusCode).toBe(404);
    expect(send.mock.calls[0][0]).toBeInstanceOf(GetItemCommand);
  });

  it("answers a logged 500 when USERS_TABLE_NAME is missing", async () => {
    delete process.env.USERS_TABLE_NAME;
    const stdout = captureStdout();
    let response;
    try {
      response = await users.list(httpEvent({ path: "/users" }), lambdaContext("lambda-9"));
    } finally {
      stdout.restore();
    }
    expect(response.statusCode).toBe(500);
    expect(bodyOf(response)).toEqual({ error: "Internal server error", requestId: "lambda-9" });
    expect(stdout.lines()).toEqual([expect.objectContaining({ level: "error", requestId: "lambda-9" })]);
    expect(send).not.toHaveBeenCalled();
    expect(() => repositoryFromEnvironment()).toThrow("USERS_TABLE_NAME is not set");
  });

  it("makes one DynamoDB client per container, with the region from the environment", async () => {
    expect(sharedClient()).toBe(sharedClient());
    await expect(sharedClient().config.region()).resolves.toBe("eu-central-1");
  });
});
