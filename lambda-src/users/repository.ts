import {
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DeleteItemCommandOutput,
  type GetItemCommandOutput,
  type PutItemCommandOutput,
  type ScanCommandOutput,
  type UpdateItemCommandOutput,
} from "@aws-sdk/client-dynamodb";
import type { UserKey } from "./cursor";
import type { User, UserInput } from "./user";

export interface UserPage {
  readonly items: readonly User[];
  /** Present when DynamoDB stopped before the end of the table. */
  readonly lastKey?: UserKey;
}

/** Storage for users. Each method maps to exactly one DynamoDB action, which is all its function's role allows. */
export interface UserRepository {
  /** Scan */
  list(limit: number, startKey?: UserKey): Promise<UserPage>;
  /** GetItem */
  get(id: string): Promise<User | undefined>;
  /** PutItem; false when the id is already taken. */
  create(user: User): Promise<boolean>;
  /** UpdateItem; undefined when there is no such user. */
  update(id: string, input: UserInput, updatedAt: string): Promise<User | undefined>;
  /** DeleteItem; the deleted user, undefined when there was none. */
  remove(id: string): Promise<User | undefined>;
}

/** The part of DynamoDBClient this module uses, so tests can pass a fake. */
export interface DynamoDbSender {
  send(command: ScanCommand): Promise<ScanCommandOutput>;
  send(command: GetItemCommand): Promise<GetItemCommandOutput>;
  send(command: PutItemCommand): Promise<PutItemCommandOutput>;
  send(command: UpdateItemCommand): Promise<UpdateItemCommandOutput>;
  send(command: DeleteItemCommand): Promise<DeleteItemCommandOutput>;
}

type Item = Record<string, AttributeValue>;

export class DynamoUserRepository implements UserRepository {
  constructor(
    private readonly db: DynamoDbSender,
    private readonly tableName: string,
  ) {}

  async list(limit: number, startKey?: UserKey): Promise<UserPage> {
    const out = await this.db.send(
      new ScanCommand({ TableName: this.tableName, Limit: limit, ...(startKey && { ExclusiveStartKey: keyOf(startKey.id) }) }),
    );
    const lastId = out.LastEvaluatedKey?.id?.S;
    return { items: (out.Items ?? []).map(fromItem), ...(lastId !== undefined && { lastKey: { id: lastId } }) };
  }

  async get(id: string): Promise<User | undefined> {
    // Strongly consistent so that a GET right after a 201 finds the user.
    const out = await this.db.send(new GetItemCommand({ TableName: this.tableName, Key: keyOf(id), ConsistentRead: true }));
    return out.Item ? fromItem(out.Item) : undefined;
  }

  async create(user: User): Promise<boolean> {
    try {
      await this.db.send(
        new PutItemCommand({ TableName: this.tableName, Item: toItem(user), ConditionExpression: "attribute_not_exists(id)" }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async update(id: string, input: UserInput, updatedAt: string): Promise<User | undefined> {
    try {
      const out = await this.db.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: keyOf(id),
          // `name` is a DynamoDB reserved word, hence the placeholders.
          UpdateExpression: "SET #name = :name, #email = :email, #updatedAt = :updatedAt",
          ConditionExpression: "attribute_exists(id)",
          ExpressionAttributeNames: { "#name": "name", "#email": "email", "#updatedAt": "updatedAt" },
          ExpressionAttributeValues: { ":name": { S: input.name }, ":email": { S: input.email }, ":updatedAt": { S: updatedAt } },
          ReturnValues: "ALL_NEW",
        }),
      );
      return out.Attributes ? fromItem(out.Attributes) : undefined;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  async remove(id: string): Promise<User | undefined> {
    const out = await this.db.send(new DeleteItemCommand({ TableName: this.tableName, Key: keyOf(id), ReturnValues: "ALL_OLD" }));
    return out.Attributes ? fromItem(out.Attributes) : undefined;
  }
}

let client: DynamoDBClient | undefined;

/**
 * One client per execution environment, made on first use: creating it per request would redo
 * credential and endpoint resolution. No region: the SDK takes AWS_REGION from the Lambda runtime.
 */
export function sharedClient(): DynamoDBClient {
  return (client ??= new DynamoDBClient({}));
}

/** The repository for the table named by USERS_TABLE_NAME. */
export function repositoryFromEnvironment(): UserRepository {
  const tableName = process.env.USERS_TABLE_NAME;
  if (!tableName) throw new Error("USERS_TABLE_NAME is not set");
  return new DynamoUserRepository(sharedClient(), tableName);
}

function keyOf(id: string): Item {
  return { id: { S: id } };
}

function toItem(user: User): Item {
  const item: Item = { id: { S: user.id }, name: { S: user.name }, email: { S: user.email } };
  if (user.createdAt !== undefined) item.createdAt = { S: user.createdAt };
  if (user.updatedAt !== undefined) item.updatedAt = { S: user.updatedAt };
  return item;
}

function fromItem(item: Item): User {
  return {
    id: item.id?.S ?? "",
    name: item.name?.S ?? "",
    email: item.email?.S ?? "",
    ...(item.createdAt?.S !== undefined && { createdAt: item.createdAt.S }),
    ...(item.updatedAt?.S !== undefined && { updatedAt: item.updatedAt.S }),
  };
}

// By name, not instanceof: the runtime's SDK copy and the one a test loads need not be the same class.
function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === "ConditionalCheckFailedException";
}
