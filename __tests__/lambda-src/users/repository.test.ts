import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { DynamoUserRepository, type DynamoDbSender } from "../../../lambda-src/users/repository";

type Command = ScanCommand | GetItemCommand | PutItemCommand | UpdateItemCommand | DeleteItemCommand;

const TABLE = "svc-dev-users";
const ID = "0b6c2a3e-8f1d-4c5b-9a7e-2d4f6b8c0e1a";
const ITEM = {
  id: { S: ID },
  name: { S: "Ada" },
  email: { S: "ada@example.org" },
  createdAt: { S: "2025-01-01T00:00:00.000Z" },
  updatedAt: { S: "2025-01-02T00:00:00.000Z" },
};
const USER = { id: ID, name: "Ada", email: "ada@example.org", createdAt: "2025-01-01T00:00:00.000Z", updatedAt: "2025-01-02T00:00:00.000Z" };

/** A DynamoDB client that records each command and answers (or throws) what the test says. */
function fakeDynamoDb(reply: (command: Command) => object = () => ({})) {
  const sent: Command[] = [];
  const db = {
    send: async (command: Command) => {
      sent.push(command);
      return { $metadata: {}, ...reply(command) };
    },
  } as DynamoDbSender;
  return { db, sent, repository: new DynamoUserRepository(db, TABLE) };
}

function conditionFailed() {
  return new ConditionalCheckFailedException({ message: "The conditional request failed", $metadata: {} });
}

describe("DynamoUserRepository", () => {
  describe("list", () => {
    it("scans with a limit and no start key on the first page", async () => {
      const { repository, sent } = fakeDynamoDb(() => ({ Items: [ITEM], LastEvaluatedKey: { id: { S: "last" } } }));
      await expect(repository.list(25)).resolves.toEqual({ items: [USER], lastKey: { id: "last" } });
      expect(sent).toHaveLength(1);
      expect(sent[0]).toBeInstanceOf(ScanCommand);
      expect(sent[0].input).toStrictEqual({ TableName: TABLE, Limit: 25 });
    });

    it("starts after the given key and reports no last key at the end of the table", async () => {
      const { repository, sent } = fakeDynamoDb(() => ({ Items: [] }));
      await expect(repository.list(10, { id: "prev" })).resolves.toStrictEqual({ items: [] });
      expect(sent[0].input).toStrictEqual({ TableName: TABLE, Limit: 10, ExclusiveStartKey: { id: { S: "prev" } } });
    });

    it("copes with a response without Items and items without timestamps", async () => {
      const none = fakeDynamoDb(() => ({}));
      await expect(none.repository.list(1)).resolves.toStrictEqual({ items: [] });
      const bare = fakeDynamoDb(() => ({ Items: [{ id: { S: "x" }, name: { S: "n" }, email: { S: "e@x.io" } }] }));
      await expect(bare.repository.list(1)).resolves.toStrictEqual({ items: [{ id: "x", name: "n", email: "e@x.io" }] });
    });
  });

  describe("get", () => {
    it("reads one item by id, strongly consistent", async () => {
      const { repository, sent } = fakeDynamoDb(() => ({ Item: ITEM }));
      await expect(repository.get(ID)).resolves.toEqual(USER);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toBeInstanceOf(GetItemCommand);
      expect(sent[0].input).toStrictEqual({ TableName: TABLE, Key: { id: { S: ID } }, ConsistentRead: true });
    });

    it("returns undefined when there is no item", async () => {
      const { repository } = fakeDynamoDb(() => ({}));
      await expect(repository.get(ID)).resolves.toBeUndefined();
    });
  });

  describe("create", () => {
    it("puts the item only if the id is free", async () => {
      const { repository, sent } = fakeDynamoDb();
      await expect(repository.create(USER)).resolves.toBe(true);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toBeInstanceOf(PutItemCommand);
      expect(sent[0].input).toStrictEqual({ TableName: TABLE, Item: ITEM, ConditionExpression: "attribute_not_exists(id)" });
    });

    it("returns false when the condition fails", async () => {
      const { repository } = fakeDynamoDb(() => {
        throw conditionFailed();
      });
      await expect(repository.create(USER)).resolves.toBe(false);
    });

    it("rethrows other errors", async () => {
      const { repository } = fakeDynamoDb(() => {
        throw new Error("throttled");
      });
      await expect(repository.create(USER)).rejects.toThrow("throttled");
    });
  });

  describe("update", () => {
    it("sets name, email and updatedAt of an existing item and returns the new item", async () => {
      const { repository, sent } = fakeDynamoDb(() => ({ Attributes: ITEM }));
      await expect(repository.update(ID, { name: "Ada", email: "ada@example.org" }, "2025-01-02T00:00:00.000Z")).resolves.toEqual(USER);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toBeInstanceOf(UpdateItemCommand);
      expect(sent[0].input).toStrictEqual({
        TableName: TABLE,
        Key: { id: { S: ID } },
        UpdateExpression: "SET #name = :name, #email = :email, #updatedAt = :updatedAt",
        ConditionExpression: "attribute_exists(id)",
        ExpressionAttributeNames: { "#name": "name", "#email": "email", "#updatedAt": "updatedAt" },
        ExpressionAttributeValues: {
          ":name": { S: "Ada" },
          ":email": { S: "ada@example.org" },
          ":updatedAt": { S: "2025-01-02T00:00:00.000Z" },
        },
        ReturnValues: "ALL_NEW",
      });
    });

    it("returns undefined when the user does not exist", async () => {
      const { repository } = fakeDynamoDb(() => {
        throw conditionFailed();
      });
      await expect(repository.update(ID, { name: "A", email: "a@b.co" }, "t")).resolves.toBeUndefined();
    });

    it("rethrows other errors", async () => {
      const { repository } = fakeDynamoDb(() => {
        throw Object.assign(new Error("denied"), { name: "AccessDeniedException" });
      });
      await expect(repository.update(ID, { name: "A", email: "a@b.co" }, "t")).rejects.toThrow("denied");
    });
  });

  describe("remove", () => {
    it("deletes by id and returns the old item", async () => {
      const { repository, sent } = fakeDynamoDb(() => ({ Attributes: ITEM }));
      await expect(repository.remove(ID)).resolves.toEqual(USER);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toBeInstanceOf(DeleteItemCommand);
      expect(sent[0].input).toStrictEqual({ TableName: TABLE, Key: { id: { S: ID } }, ReturnValues: "ALL_OLD" });
    });

    it("returns undefined when there was nothing to delete", async () => {
      const { repository } = fakeDynamoDb(() => ({}));
      await expect(repository.remove(ID)).resolves.toBeUndefined();
    });

    it("rethrows errors", async () => {
      const { repository } = fakeDynamoDb(() => {
        throw new Error("network");
      });
      await expect(repository.remove(ID)).rejects.toThrow("network");
    });
  });

  // Each function's role allows one action; a second command type would be an AccessDenied in production.
  it.each([
    ["list", (r: DynamoUserRepository) => r.list(5), ScanCommand],
    ["get", (r: DynamoUserRepository) => r.get(ID), GetItemCommand],
    ["create", (r: DynamoUserRepository) => r.create(USER), PutItemCommand],
    ["update", (r: DynamoUserRepository) => r.update(ID, { name: "A", email: "a@b.co" }, "t"), UpdateItemCommand],
    ["remove", (r: DynamoUserRepository) => r.remove(ID), DeleteItemCommand],
  ] as const)("%s sends exactly one command, of one type", async (_name, call, type) => {
    const { repository, sent } = fakeDynamoDb(() => ({}));
    await call(repository);
    expect(sent.map((c) => c.constructor)).toEqual([type]);
  });
});
