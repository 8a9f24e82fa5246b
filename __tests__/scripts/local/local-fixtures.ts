import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strToU8, strFromU8, unzipSync, zipSync } from "fflate";

/** The shipped app's output, synthesized once by the suite's global setup. */
export function appOutdir(): string {
  const outdir = process.env.CDKTF_SERVERLESS_APP_OUTDIR;
  if (!outdir) throw new Error("CDKTF_SERVERLESS_APP_OUTDIR is not set: run through jest (global setup synthesizes the app)");
  return outdir;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * A copy of one synthesized stack (cdk.tf.json and its zips) in a temporary outdir, to mutate
 * without touching the real output. `remove()` deletes it.
 */
export class StackCopy {
  readonly outdir: string;
  readonly dir: string;
  readonly json: Json;

  constructor(readonly stack: string, from = appOutdir()) {
    this.outdir = mkdtempSync(join(tmpdir(), "cdktf-local-test-"));
    this.dir = join(this.outdir, "stacks", stack);
    cpSync(join(from, "stacks", stack), this.dir, { recursive: true });
    // The app's other stacks, JSON only: the roles' permissions boundary lives in the environment's identity stack.
    for (const other of readdirSync(join(from, "stacks")).filter((s) => s !== stack)) {
      mkdirSync(join(this.outdir, "stacks", other), { recursive: true });
      cpSync(join(from, "stacks", other, "cdk.tf.json"), join(this.outdir, "stacks", other, "cdk.tf.json"));
    }
    this.json = JSON.parse(readFileSync(join(this.dir, "cdk.tf.json"), "utf8")) as Json;
  }

  /** The `aws_lambda_function` block whose function_name is `name`. */
  fn(name: string): Json {
    const found = Object.values(this.json.resource.aws_lambda_function as Json).find((f: Json) => f.function_name === name);
    if (!found) throw new Error(`no function ${name}`);
    return found as Json;
  }

  /** The policy document of a function's execution role (its `data.aws_iam_policy_document`). */
  policyDocument(name: string): Json {
    const role = /aws_iam_role\.([^.]+)\.arn/.exec(this.fn(name).role)![1];
    const policy = Object.values(this.json.resource.aws_iam_role_policy as Json).find((p: Json) => p.role === `\${aws_iam_role.${role}.id}`) as Json;
    const doc = /data\.aws_iam_policy_document\.([^.]+)\.json/.exec(policy.policy)![1];
    return this.json.data.aws_iam_policy_document[doc] as Json;
  }

  /**
   * Gives function `name` its own copy of its zip with the files changed by `edit`, and the
   * matching source_code_hash (as a synth of the changed code would).
   */
  editCode(name: string, edit: (files: Record<string, string>) => Record<string, string>): void {
    const fn = this.fn(name);
    const files = Object.fromEntries(Object.entries(unzipSync(readFileSync(join(this.dir, fn.filename)))).map(([k, v]) => [k, strFromU8(v)]));
    const zip = zipSync(Object.fromEntries(Object.entries(edit(files)).map(([k, v]) => [k, strToU8(v)])), { mtime: new Date(1980, 0, 1) });
    fn.filename = `packages/edited-${name}.zip`;
    writeFileSync(join(this.dir, fn.filename), zip);
    fn.source_code_hash = createHash("sha256").update(zip).digest("base64");
  }

  save(): this {
    writeFileSync(join(this.dir, "cdk.tf.json"), JSON.stringify(this.json, null, 2));
    return this;
  }

  remove(): void {
    rmSync(this.outdir, { recursive: true, force: true });
  }
}

/** An API Gateway HTTP API v2 event for `invoke` tests. */
export function httpEvent(method: string, path: string, options: { pathParameters?: Record<string, string>; body?: string; routeKey?: string } = {}): Json {
  return {
    version: "2.0",
    routeKey: options.routeKey ?? `${method} ${path}`,
    rawPath: path,
    rawQueryString: "",
    headers: { "content-type": "application/json" },
    requestContext: { http: { method, path }, requestId: "test", routeKey: options.routeKey ?? `${method} ${path}`, stage: "$default" },
    ...(options.pathParameters && { pathParameters: options.pathParameters }),
    ...(options.body !== undefined && { body: options.body }),
    isBase64Encoded: false,
  };
}
