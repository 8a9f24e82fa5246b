import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { Construct } from "constructs";
import { booleanValue, firstDuplicate, KMS_KEY_ARN, matches, oneOf } from "../core/rules";
import { list, object, optional, props, required, type Refinement, type TypeOf } from "../core/schema";
import { stackEnvironment } from "../core/stack-environment";
import { AWS_TAGS } from "../core/tags";
import { claimUniqueName } from "../core/unique-names";
import { grantToFunction, keyStatement, sidPart, type GrantableFunction, type GrantStatement } from "./function-grants";
import { checkAgainstAwsStack } from "./aws-stack-checks";

const NAME = matches(/^[A-Za-z0-9_.-]{3,255}$/, "3 to 255 letters, digits, _ . or -");
/** DynamoDB's limit on global secondary indexes per table. */
const MAX_GLOBAL_SECONDARY_INDEXES = 20;

const KEY = object({
  /** The attribute's name. */
  name: required(matches(/^[A-Za-z0-9_.-]{1,255}$/, "1 to 255 letters, digits, _ . or -")),
  /** String, number or binary. */
  type: required(oneOf(["S", "N", "B"] as const)),
});

/** A key attribute of a table or of an index. */
export interface TableKey extends TypeOf<typeof KEY> {}

const INDEX = object({
  /** The index's name, unique in the table. */
  indexName: required(NAME),
  /** The index's partition key. */
  partitionKey: required(KEY.named<TableKey>()),
  /** The index's sort key. @default none */
  sortKey: optional(KEY.named<TableKey>()),
});

/** A global secondary index (every attribute projected). */
export interface TableGlobalSecondaryIndex extends TypeOf<typeof INDEX> {}

/** What a table's stream records hold. */
export const TABLE_STREAM_VIEW_TYPES = ["NEW_AND_OLD_IMAGES", "NEW_IMAGE", "OLD_IMAGE", "KEYS_ONLY"] as const;

/** The props of `Table`. */
export const TABLE_PROPS = props(
  {
    /** Name of the table: 3 to 255 letters, digits, `_`, `.` or `-`. */
    tableName: required(NAME),
    /** The partition key. */
    partitionKey: required(KEY.named<TableKey>()),
    /** The sort key. @default none */
    sortKey: optional(KEY.named<TableKey>()),
    /** A stream of item changes (what `{ type: "dynamodb-stream", table }` events read), with what its records hold. @default no stream */
    stream: optional(oneOf(TABLE_STREAM_VIEW_TYPES)),
    /** Attribute holding each item's expiry time (epoch seconds): DynamoDB deletes expired items. @default no expiry */
    ttlAttribute: optional(matches(/^[A-Za-z0-9_.-]{1,255}$/, "1 to 255 letters, digits, _ . or -")),
    /** Global secondary indexes (every attribute projected), at most 20. @default none */
    globalSecondaryIndexes: optional(
      list(INDEX.named<TableGlobalSecondaryIndex>(), {
        of: "indexes { indexName, partitionKey, sortKey? }",
        max: MAX_GLOBAL_SECONDARY_INDEXES,
        refine(indexes, r) {
          const duplicate = firstDuplicate(indexes, (index) => String(index?.indexName));
          if (duplicate !== undefined) r.fail(undefined, "indexes with distinct names", duplicate);
        },
      }),
    ),
    /** Point-in-time recovery (35 days of continuous backups). @default true */
    pointInTimeRecovery: optional(booleanValue),
    /** Customer-managed KMS key (a key ARN, in the stack's region); grants then include `kms:Decrypt` through DynamoDB. @default the AWS-managed key aws/dynamodb */
    kmsKeyArn: optional(KMS_KEY_ARN),
    /** Refuse to delete the table (a destroy plan or a console click fails). @default the environment's `protected` trait (true where no config declares the environment) */
    deletionProtection: optional(booleanValue),
    /** Tags on the table (the provider adds its default tags). @default none */
    tags: optional(AWS_TAGS),
  },
  {
    name: "Table props",
    expected: "an object with at least tableName and partitionKey",
    refine(table, r) {
      refineTable(table, r);
    },
  },
);

export interface TableProps extends TypeOf<typeof TABLE_PROPS> {}

/** Key attributes must not repeat within a key, and an attribute has one type wherever it is a key. */
function refineTable(table: TableProps, r: Refinement): void {
  if (typeof table.sortKey?.name === "string" && table.sortKey.name === table.partitionKey?.name) {
    r.fail("sortKey.name", "an attribute other than the partition key", table.sortKey.name);
  }
  const types = new Map<string, { type: unknown; at: string }>();
  const claim = (key: TableKey | undefined, at: string) => {
    if (key === null || typeof key !== "object" || typeof key.name !== "string") return;
    const first = types.get(key.name);
    if (first === undefined) types.set(key.name, { type: key.type, at });
    else if (first.type !== key.type) r.fail(`${at}.type`, `${JSON.stringify(first.type)}, the type ${key.name} has as ${first.at} (DynamoDB defines each attribute once)`, key.type);
  };
  claim(table.partitionKey, "partitionKey");
  claim(table.sortKey, "sortKey");
  if (Array.isArray(table.globalSecondaryIndexes)) {
    table.globalSecondaryIndexes.forEach((index, i) => {
      if (index === null || typeof index !== "object") return;
      if (typeof index.sortKey?.name === "string" && index.sortKey.name === index.partitionKey?.name) {
        r.fail(`globalSecondaryIndexes[${i}].sortKey.name`, "an attribute other than the index's partition key", index.sortKey.name);
      }
      claim(index.partitionKey, `globalSecondaryIndexes[${i}].partitionKey`);
      claim(index.sortKey, `globalSecondaryIndexes[${i}].sortKey`);
    });
  }
  if (!r.scope) return;
  claimUniqueName(r.v, r.scope, "DynamoDB table name", "tableName", table.tableName);
  checkAgainstAwsStack(r, table);
}

/** What reading items takes: single, batched, queried and scanned reads. */
const READ_ACTIONS = ["dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan"];
/** What reading an index takes: queries and scans (items are read through the table). */
const INDEX_READ_ACTIONS = ["dynamodb:Query", "dynamodb:Scan"];
/** What writing items takes: single and batched writes, deletes, and the condition checks of transactions. */
const WRITE_ACTIONS = ["dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:UpdateItem"];
/**
 * DynamoDB decrypts the table key with the caller's permission on every read and write of a table
 * encrypted with a customer-managed key (items are then encrypted with that table key).
 */
const KEY_ACTIONS = ["kms:Decrypt"];

/**
 * A DynamoDB table, secure by default: on-demand capacity, encrypted (the AWS-owned key, or a
 * customer-managed one), point-in-time recovery on, deletion protection where the environment is
 * protected. `grant*` methods give a function exactly the statements it needs on this table.
 */
export class Table extends Construct {
  public readonly tableName: string;
  /** The table's name (a reference to it). */
  public readonly name: string;
  public readonly arn: string;
  /** ARN of the table's stream, when it has one (`stream`). */
  public readonly streamArn?: string;
  /** The customer-managed key that encrypts the table, when it has one. */
  public readonly kmsKeyArn?: string;
  /** ARNs of the global secondary indexes, by name. */
  public readonly indexArns: Readonly<Record<string, string>>;
  public readonly table: DynamodbTable;

  constructor(scope: Construct, id: string, props: TableProps) {
    super(scope, id);
    TABLE_PROPS.validate(this, props);
    const indexes = props.globalSecondaryIndexes ?? [];
    const keys = [props.partitionKey, props.sortKey, ...indexes.flatMap((i) => [i.partitionKey, i.sortKey])].filter((k): k is TableKey => k !== undefined);
    const attributes = [...new Map(keys.map((k) => [k.name, { name: k.name, type: k.type }])).values()];
    // "Default": the table keeps the address a raw DynamodbTable with the construct's id had (`aws_dynamodb_table.<id>`).
    this.table = new DynamodbTable(this, "Default", {
      name: props.tableName,
      billingMode: "PAY_PER_REQUEST",
      hashKey: props.partitionKey.name,
      rangeKey: props.sortKey?.name,
      attribute: attributes,
      globalSecondaryIndex: indexes.length
        ? indexes.map((index) => ({ name: index.indexName, hashKey: index.partitionKey.name, rangeKey: index.sortKey?.name, projectionType: "ALL" }))
        : undefined,
      streamEnabled: props.stream !== undefined ? true : undefined,
      streamViewType: props.stream,
      ttl: props.ttlAttribute !== undefined ? { attributeName: props.ttlAttribute, enabled: true } : undefined,
      pointInTimeRecovery: { enabled: props.pointInTimeRecovery ?? true },
      serverSideEncryption: { enabled: true, kmsKeyArn: props.kmsKeyArn },
      deletionProtectionEnabled: props.deletionProtection ?? stackEnvironment(this).protected,
      tags: props.tags ? { ...props.tags } : undefined,
    });
    this.tableName = props.tableName;
    this.name = this.table.name;
    this.arn = this.table.arn;
    this.streamArn = props.stream !== undefined ? this.table.streamArn : undefined;
    this.kmsKeyArn = props.kmsKeyArn;
    this.indexArns = Object.fromEntries(indexes.map((index) => [index.indexName, `${this.arn}/index/${index.indexName}`]));
  }

  /** Lets `fn` read items: get, batch get, query and scan the table and query and scan its indexes. */
  public grantReadData(fn: GrantableFunction): void {
    grantToFunction(this, "Table", "grantReadData", fn, this.readStatements());
  }

  /** Lets `fn` write items: put, update, delete, batch write and transaction condition checks. */
  public grantWriteData(fn: GrantableFunction): void {
    grantToFunction(this, "Table", "grantWriteData", fn, this.writeStatements());
  }

  /** Both `grantReadData` and `grantWriteData`. */
  public grantReadWriteData(fn: GrantableFunction): void {
    grantToFunction(this, "Table", "grantReadWriteData", fn, [...this.readStatements(), ...this.writeStatements()]);
  }

  private readStatements(): GrantStatement[] {
    const sid = `Table${sidPart(this.node.id)}`;
    const indexes = Object.values(this.indexArns);
    return [
      { sid: `${sid}ReadData`, actions: READ_ACTIONS, resources: [this.arn] },
      ...(indexes.length > 0 ? [{ sid: `${sid}ReadIndexes`, actions: INDEX_READ_ACTIONS, resources: indexes }] : []),
      ...this.keyStatements(sid),
    ];
  }

  private writeStatements(): GrantStatement[] {
    const sid = `Table${sidPart(this.node.id)}`;
    return [{ sid: `${sid}WriteData`, actions: WRITE_ACTIONS, resources: [this.arn] }, ...this.keyStatements(sid)];
  }

  private keyStatements(sid: string): GrantStatement[] {
    return this.kmsKeyArn !== undefined ? [keyStatement(this, `${sid}Key`, this.kmsKeyArn, KEY_ACTIONS, "dynamodb", `table ${this.tableName}`)] : [];
  }
}
