import { createHash, randomUUID } from "node:crypto";
import type { DeclaredBucket, DeclaredNotification } from "../declared";
import type { Delivery } from "../events/delivery";
import type { AuthorizationRequest } from "../iam-check";
import type { Access } from "./access";
import { awsError, xml, xmlResponse, type AwsRequest, type AwsResponse, type Service } from "./protocol";

interface StoredObject {
  readonly body: Buffer;
  readonly etag: string;
  readonly lastModified: Date;
  readonly contentType: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
}

const XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/";
/** Headers S3 stores with an object and returns on GET/HEAD. */
const KEPT_HEADERS = ["cache-control", "content-disposition", "content-encoding", "content-language", "expires"];

/**
 * S3, path style (`/<bucket>/<key>`), over the stack's buckets, in memory: objects (put, get with
 * ranges, head, copy, delete, batch delete) and listings (v2 and v1). Each request is authorized
 * as IAM does for S3 (`s3:GetObject` on `arn:aws:s3:::bucket/key`, `s3:ListBucket` on the bucket
 * with `s3:prefix`, ...; the bucket policy counts too); a missing key answers 404 only to a caller
 * allowed to list the bucket, 403 otherwise, as S3 does. Writes and deletes raise the bucket's
 * notifications (prefix and suffix filters) to functions, queues and topics.
 */
export class S3Service implements Service {
  readonly signingName = "s3";
  readonly protocol = "rest-xml" as const;
  readonly actions = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket", "s3:ListAllMyBuckets", "s3:GetBucketLocation"];
  private readonly objects = new Map<string, Map<string, StoredObject>>();
  private sequencer = 0;

  constructor(
    private readonly buckets: readonly DeclaredBucket[],
    private readonly notifications: readonly DeclaredNotification[],
    private readonly access: Access,
    private readonly delivery: Delivery,
    private readonly where: { readonly accountId: string; readonly region: string; readonly partition: string },
  ) {
    for (const bucket of buckets) this.objects.set(bucket.name, new Map());
  }

  async handle(request: AwsRequest): Promise<AwsResponse> {
    const error = (status: number, code: string, message: string) => awsError(this.protocol, status, code, message, request.requestId);
    const [, bucketName = "", ...keyParts] = request.path.split("/");
    const key = keyParts.join("/");
    const arn = (k?: string) => `arn:${this.where.partition}:s3:::${bucketName}${k === undefined ? "" : `/${k}`}`;
    const check = async (requests: AuthorizationRequest[]) => this.access.check(request.caller, requests);
    const denied = (message: string) => error(403, "AccessDenied", message);

    if (bucketName === "") {
      if (request.method !== "GET") return error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
      const refusal = await check([{ action: "s3:ListAllMyBuckets", resource: "*", context: {} }]);
      if (refusal) return denied(refusal.message);
      const list = this.buckets.map((b) => `<Bucket><Name>${xml(b.name)}</Name><CreationDate>2000-01-01T00:00:00.000Z</CreationDate></Bucket>`).join("");
      return xmlResponse(`<ListAllMyBucketsResult xmlns="${XMLNS}"><Owner><ID>local</ID></Owner><Buckets>${list}</Buckets></ListAllMyBucketsResult>`);
    }
    const objects = this.objects.get(bucketName);
    if (!objects) return error(404, "NoSuchBucket", "The specified bucket does not exist");
    const subresource = ["uploads", "uploadId", "tagging", "acl", "versioning", "policy", "cors", "notification", "lifecycle", "website", "versions", "location", "encryption"].find((s) => request.query.has(s));

    if (key === "") {
      if (request.method === "POST" && request.query.has("delete")) return this.deleteMany(request, bucketName, objects, arn);
      if (request.method === "HEAD") {
        const refusal = await check([{ action: "s3:ListBucket", resource: arn(), context: {} }]);
        return refusal ? { status: 403, headers: {}, body: Buffer.alloc(0) } : { status: 200, headers: { "x-amz-bucket-region": this.where.region }, body: Buffer.alloc(0) };
      }
      if (request.method === "GET" && subresource === "location") {
        const refusal = await check([{ action: "s3:GetBucketLocation", resource: arn(), context: {} }]);
        if (refusal) return denied(refusal.message);
        return xmlResponse(`<LocationConstraint xmlns="${XMLNS}">${this.where.region === "us-east-1" ? "" : this.where.region}</LocationConstraint>`);
      }
      if (request.method === "GET" && subresource === undefined) return this.list(request, bucketName, objects, arn);
      return this.notEmulated(request, `${request.method} bucket${subresource ? `?${subresource}` : ""}`);
    }
    if (subresource !== undefined) return this.notEmulated(request, `${request.method} object?${subresource}`);

    switch (request.method) {
      case "PUT": {
        const copySource = request.headers["x-amz-copy-source"];
        const requests: AuthorizationRequest[] = [{ action: "s3:PutObject", resource: arn(key), context: {} }];
        let source: StoredObject | undefined;
        if (typeof copySource === "string") {
          const [sourceBucket, ...sourceKey] = decodeURIComponent(copySource.split("?")[0]).replace(/^\//, "").split("/");
          requests.unshift({ action: "s3:GetObject", resource: `arn:${this.where.partition}:s3:::${sourceBucket}/${sourceKey.join("/")}`, context: {} });
          const refusal = await check(requests);
          if (refusal) return denied(refusal.message);
          source = this.objects.get(sourceBucket)?.get(sourceKey.join("/"));
          if (!source) return error(404, "NoSuchKey", "The specified key does not exist.");
        } else {
          const refusal = await check(requests);
          if (refusal) return denied(refusal.message);
        }
        const replace = request.headers["x-amz-metadata-directive"] === "REPLACE";
        const stored = source && !replace ? { ...source, lastModified: new Date() } : this.stored(request, source?.body ?? request.body);
        objects.set(key, stored);
        await this.notify(bucketName, key, source ? "ObjectCreated:Copy" : "ObjectCreated:Put", stored, request);
        if (source) return xmlResponse(`<CopyObjectResult><LastModified>${stored.lastModified.toISOString()}</LastModified><ETag>${xml(stored.etag)}</ETag></CopyObjectResult>`);
        return { status: 200, headers: { etag: stored.etag }, body: Buffer.alloc(0) };
      }
      case "GET":
      case "HEAD": {
        const refusal = await check([{ action: "s3:GetObject", resource: arn(key), context: {} }]);
        if (refusal) return denied(refusal.message);
        const object = objects.get(key);
        if (!object) return this.missing(request, bucketName, arn, key);
        return this.read(request, object);
      }
      case "DELETE": {
        const refusal = await check([{ action: "s3:DeleteObject", resource: arn(key), context: {} }]);
        if (refusal) return denied(refusal.message);
        const existed = objects.delete(key);
        if (existed) await this.notify(bucketName, key, "ObjectRemoved:Delete", undefined, request);
        return { status: 204, headers: {}, body: Buffer.alloc(0) };
      }
      default:
        return this.notEmulated(request, `${request.method} object`);
    }
  }

  private stored(request: AwsRequest, body: Buffer): StoredObject {
    const metadata: Record<string, string> = {};
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (name.startsWith("x-amz-meta-")) metadata[name] = String(value);
      if (KEPT_HEADERS.includes(name) && !(name === "content-encoding" && String(value).includes("aws-chunked"))) headers[name] = String(value).replace(/,?\s*aws-chunked/, "");
    }
    return { body, etag: `"${createHash("md5").update(body).digest("hex")}"`, lastModified: new Date(), contentType: String(request.headers["content-type"] ?? "binary/octet-stream"), metadata, headers };
  }

  private read(request: AwsRequest, object: StoredObject): AwsResponse {
    const headers: Record<string, string> = {
      "content-type": object.contentType,
      etag: object.etag,
      "last-modified": object.lastModified.toUTCString(),
      "accept-ranges": "bytes",
      ...object.metadata,
      ...object.headers,
    };
    let body = object.body;
    let status = 200;
    const range = /^bytes=(\d*)-(\d*)$/.exec(String(request.headers.range ?? ""));
    if (range && (range[1] !== "" || range[2] !== "")) {
      const size = body.length;
      const start = range[1] === "" ? Math.max(0, size - Number(range[2])) : Number(range[1]);
      const end = range[1] === "" || range[2] === "" ? size - 1 : Math.min(Number(range[2]), size - 1);
      if (start >= size) return awsError(this.protocol, 416, "InvalidRange", "The requested range is not satisfiable", request.requestId);
      body = body.subarray(start, end + 1);
      headers["content-range"] = `bytes ${start}-${end}/${size}`;
      status = 206;
    }
    if (request.method === "HEAD") return { status, headers: { ...headers, "content-length": String(body.length) }, body: Buffer.alloc(0) };
    return { status, headers, body };
  }

  /** S3 answers a missing key with 404 only to callers allowed to list the bucket; 403 to others. */
  private async missing(request: AwsRequest, bucket: string, arn: (k?: string) => string, key: string): Promise<AwsResponse> {
    const canList = (await this.access.check(request.caller, [{ action: "s3:ListBucket", resource: arn(), context: { "s3:prefix": key } }])) === undefined;
    if (request.method === "HEAD") return { status: canList ? 404 : 403, headers: {}, body: Buffer.alloc(0) };
    return canList
      ? awsError(this.protocol, 404, "NoSuchKey", "The specified key does not exist.", request.requestId)
      : awsError(this.protocol, 403, "AccessDenied", `Access Denied (no object ${key} in ${bucket}, and no s3:ListBucket to say so)`, request.requestId);
  }

  private async list(request: AwsRequest, bucket: string, objects: Map<string, StoredObject>, arn: (k?: string) => string): Promise<AwsResponse> {
    const q = request.query;
    const prefix = q.get("prefix") ?? "";
    const delimiter = q.get("delimiter") ?? "";
    const maxKeys = Math.min(Number(q.get("max-keys") ?? 1000), 1000);
    const v2 = q.get("list-type") === "2";
    const refusal = await this.access.check(request.caller, [
      { action: "s3:ListBucket", resource: arn(), context: { "s3:prefix": prefix, ...(delimiter && { "s3:delimiter": delimiter }), "s3:max-keys": String(maxKeys) } },
    ]);
    if (refusal) return awsError(this.protocol, 403, "AccessDenied", refusal.message, request.requestId);
    const after = v2 ? (q.get("continuation-token") ? Buffer.from(q.get("continuation-token")!, "base64").toString("utf8") : (q.get("start-after") ?? "")) : (q.get("marker") ?? "");
    const keys = [...objects.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
    const contents: string[] = [];
    const prefixes = new Set<string>();
    let last = "";
    let truncated = false;
    for (const k of keys) {
      if (contents.length + prefixes.size >= maxKeys) {
        truncated = true;
        break;
      }
      const rest = k.slice(prefix.length);
      const cut = delimiter ? rest.indexOf(delimiter) : -1;
      if (cut >= 0) {
        const common = prefix + rest.slice(0, cut + delimiter.length);
        if (!prefixes.has(common)) prefixes.add(common);
        last = k;
        continue;
      }
      const o = objects.get(k)!;
      contents.push(`<Contents><Key>${xml(k)}</Key><LastModified>${o.lastModified.toISOString()}</LastModified><ETag>${xml(o.etag)}</ETag><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`);
      last = k;
    }
    const common = [...prefixes].map((p) => `<CommonPrefixes><Prefix>${xml(p)}</Prefix></CommonPrefixes>`).join("");
    const paging = v2
      ? `<KeyCount>${contents.length + prefixes.size}</KeyCount>${truncated ? `<NextContinuationToken>${Buffer.from(last).toString("base64")}</NextContinuationToken>` : ""}`
      : `<Marker>${xml(after)}</Marker>${truncated ? `<NextMarker>${xml(last)}</NextMarker>` : ""}`;
    return xmlResponse(
      `<ListBucketResult xmlns="${XMLNS}"><Name>${xml(bucket)}</Name><Prefix>${xml(prefix)}</Prefix>${delimiter ? `<Delimiter>${xml(delimiter)}</Delimiter>` : ""}<MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${paging}${contents.join("")}${common}</ListBucketResult>`,
    );
  }

  private async deleteMany(request: AwsRequest, bucket: string, objects: Map<string, StoredObject>, arn: (k?: string) => string): Promise<AwsResponse> {
    const keys = [...request.body.toString("utf8").matchAll(/<Key>([\s\S]*?)<\/Key>/g)].map((m) => unxml(m[1]));
    const deleted: string[] = [];
    const errors: string[] = [];
    for (const key of keys) {
      const refusal = await this.access.check(request.caller, [{ action: "s3:DeleteObject", resource: arn(key), context: {} }]);
      if (refusal) {
        errors.push(`<Error><Key>${xml(key)}</Key><Code>AccessDenied</Code><Message>${xml(refusal.message)}</Message></Error>`);
        continue;
      }
      if (objects.delete(key)) await this.notify(bucket, key, "ObjectRemoved:Delete", undefined, request);
      deleted.push(`<Deleted><Key>${xml(key)}</Key></Deleted>`);
    }
    return xmlResponse(`<DeleteResult xmlns="${XMLNS}">${deleted.join("")}${errors.join("")}</DeleteResult>`);
  }

  private notEmulated(request: AwsRequest, what: string): AwsResponse {
    this.access.notEmulated(request.caller, `s3:${what}`, `S3 ${what}`);
    return awsError(this.protocol, 501, "NotImplemented", `S3 ${what} is not emulated by npm run local`, request.requestId);
  }

  /** The bucket's notifications whose event and prefix/suffix filters match, each delivered as S3 does. */
  private async notify(bucket: string, key: string, eventName: string, object: StoredObject | undefined, request: AwsRequest): Promise<void> {
    const matching = this.notifications.filter(
      (n) => n.bucket === bucket && n.events.some((e) => eventMatches(e, eventName)) && key.startsWith(n.prefix ?? "") && key.endsWith(n.suffix ?? ""),
    );
    if (matching.length === 0) return;
    this.sequencer++;
    const bucketArn = `arn:${this.where.partition}:s3:::${bucket}`;
    const principal = request.caller.kind === "operator" ? `AWS:${this.where.accountId}` : `AWS:AROALOCAL:${request.caller.fn.functionName}`;
    for (const n of matching) {
      const event = {
        Records: [
          {
            eventVersion: "2.1",
            eventSource: "aws:s3",
            awsRegion: this.where.region,
            eventTime: new Date().toISOString(),
            eventName,
            userIdentity: { principalId: principal },
            requestParameters: { sourceIPAddress: "127.0.0.1" },
            responseElements: { "x-amz-request-id": request.requestId.replace(/-/g, "").slice(0, 16).toUpperCase(), "x-amz-id-2": randomUUID() },
            s3: {
              s3SchemaVersion: "1.0",
              configurationId: n.id,
              bucket: { name: bucket, ownerIdentity: { principalId: this.where.accountId }, arn: bucketArn },
              object: {
                key: encodeURIComponent(key).replace(/%20/g, "+").replace(/%2F/g, "/"),
                ...(object && { size: object.body.length, eTag: object.etag.replace(/"/g, "") }),
                sequencer: this.sequencer.toString(16).toUpperCase().padStart(16, "0"),
              },
            },
          },
        ],
      };
      await this.delivery.asService("s3.amazonaws.com", bucketArn, n.targetArn, { body: JSON.stringify(event), event }, `s3 ${bucket} ${eventName} ${key} -> ${n.targetArn}`);
    }
  }
}

/** `s3:ObjectCreated:*` covers `ObjectCreated:Put`. */
function eventMatches(configured: string, eventName: string): boolean {
  const pattern = configured.replace(/^s3:/, "");
  return pattern.endsWith(":*") ? eventName.startsWith(pattern.slice(0, -1)) : pattern === eventName;
}

function unxml(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
}
