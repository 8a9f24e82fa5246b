import { rmSync } from "node:fs";
import { catalogEntries } from "../../modules/core/catalog";
import { buildReview } from "../../scripts/review/build-review";
import { gateItems, renderReport } from "../../scripts/review/render";
import type { SynthOutput, TerraformJson } from "../../scripts/review/synth-output";
import { runReview, section, writeOutput } from "./review-fixtures";

/**
 * The review attacked as the guardrails' attacker would: a widening hidden by an override of the
 * construct path, by a type the review reads no table for, by `--max-chars`, or by an
 * acknowledgement given for something else. Hand-written Terraform JSON, as Terraform reads it.
 */

type Json = Record<string, any>;
const policy = (...statements: Json[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const allow = (action: string | string[], resource: string | string[], extra: Json = {}) => ({ Effect: "Allow", Action: action, Resource: resource, ...extra });
const trust = policy({ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "lambda.amazonaws.com" } });
const meta = (path: string) => ({ "//": { metadata: { path, uniqueId: path.replace(/\//g, "_") } } });

function output(stacks: Readonly<Record<string, TerraformJson>>): SynthOutput {
  return { label: "test", stacks: new Map(Object.entries(stacks).map(([name, config]) => [name, { name, config, annotations: [] }])) };
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function written(stacks: Readonly<Record<string, Json>>): string {
  const dir = writeOutput(stacks);
  dirs.push(dir);
  return dir;
}

/** Every gate id of a review run's report, from its Markdown. */
const ids = (markdown: string) => [...markdown.matchAll(/(?:⚠️ broadening|❓ may broaden) `([0-9a-f]{10})`/g)].map((m) => m[1]);

describe("every type the catalog says grants or exposes something lands in the security section", () => {
  // A block of the type added with a value synth cannot read under each argument that grants:
  // whatever the type, the review must say it may broaden, in a security table (never only in the
  // attribute-level section that --max-chars cuts first).
  const types = catalogEntries().filter((e) => (e.grants ?? []).some((g) => g.kind !== "policy-document"));
  const block = (type: string): TerraformJson => {
    const entry = catalogEntries().find((e) => e.type === type)!;
    const body: Json = {};
    for (const g of entry.grants!) for (const a of g.attributes) if (a !== "*") body[a.split(".")[0]] = "${var.v}";
    // "*": every argument grants (GCP IAM members, bindings and policies): the arguments such types have.
    if (entry.grants!.some((g) => g.attributes.includes("*"))) Object.assign(body, { role: "${var.v}", member: "${var.v}", members: ["${var.v}"], policy_data: "${var.v}" });
    const [mode, name] = type.startsWith("data.") ? ["data", type.slice(5)] : ["resource", type];
    return { variable: { v: {} }, [mode]: { [name]: { X: body } } };
  };

  it("covers the types the issue names, and hundreds more", () => {
    const names = types.map((e) => e.type);
    for (const t of [
      "aws_dynamodb_resource_policy",
      "aws_cloudwatch_event_permission",
      "aws_cloudwatch_event_bus_policy",
      "aws_api_gateway_rest_api_policy",
      "aws_s3_bucket_acl",
      "google_storage_bucket_acl",
      "google_compute_firewall",
      "google_bigquery_dataset_access",
      "google_bigquery_dataset",
    ]) {
      expect(names).toContain(t);
    }
    expect(names.length).toBeGreaterThan(300);
  });

  it.each(types.map((e) => e.type))("%s: new with a value synth cannot read, it trips the gate and no --max-chars cuts its row", (type) => {
    const review = buildReview(output({ s: {} }), output({ s: block(type) }));
    const items = gateItems(review);
    expect(items.length).toBeGreaterThan(0);
    const { markdown, overLimit } = renderReport(review, { maxChars: 1000 });
    const security = section(markdown, "## Security changes");
    for (const item of items) expect(security).toContain(`\`${item.id}\``);
    expect(markdown).not.toContain("No change broadens permissions or exposure");
    // Complete as a comment only when it fits; otherwise it says so.
    if (overLimit) expect(markdown).toContain("This report is incomplete as a comment");
    else expect(markdown.length).toBeLessThanOrEqual(1000);
  });

  it.each(types.map((e) => e.type))("%s: the same block on both sides passes", (type) => {
    expect(gateItems(buildReview(output({ s: block(type) }), output({ s: block(type) })))).toEqual([]);
  });
});

describe("a function that runs as another role (its role is what its code may do)", () => {
  const roles = {
    Reader: { name: "reader", assume_role_policy: trust },
    Admin: { name: "admin", assume_role_policy: trust },
  };
  const stack = (role: string, memory = 128): Json => ({
    resource: {
      aws_iam_role: roles,
      aws_iam_role_policy: {
        ReaderPolicy: { role: "${aws_iam_role.Reader.id}", policy: policy(allow("s3:GetObject", "arn:aws:s3:::b/*")) },
        AdminPolicy: { role: "${aws_iam_role.Admin.id}", policy: policy(allow("s3:*", "*")) },
      },
      aws_lambda_function: { F: { function_name: "f", role, memory_size: memory } },
    },
  });
  const gate = (base: Json, head: Json) => gateItems(buildReview(output({ svc: base }), output({ svc: head })));

  it("Noncompliance: switched to a wider role of the stack, or to a role ARN from elsewhere, it is broadening in the security section", () => {
    for (const role of ["${aws_iam_role.Admin.arn}", "arn:aws:iam::111111111111:role/deployer"]) {
      const items = gate(stack("${aws_iam_role.Reader.arn}"), stack(role));
      expect(items.map((i) => i.kind)).toEqual(["broadening"]);
      expect(items[0].text).toMatch(/^IAM policy attachments: .*aws_lambda_function/);
    }
  });

  it("Compliance: the same role with another change of the function passes", () => {
    expect(gate(stack("${aws_iam_role.Reader.arn}"), stack("${aws_iam_role.Reader.arn}", 256))).toEqual([]);
  });
});

describe("--max-chars never cuts a security row, and the report never calls a cut section complete", () => {
  // The examples, each widening in one head, and a bulky attribute-level section beside them.
  const narrow = {
    dynamo: { AWS: "arn:aws:iam::111111111111:role/reader" },
    bus: "111111111111",
    api: { IpAddress: { "aws:SourceIp": ["10.0.0.0/8"] } },
    acl: "private",
    gcs: ["OWNER:project-owners-1"],
    firewall: ["10.0.0.0/16"],
    bq: { role: "READER", user_by_email: "a@example.com" },
  };
  const wide = {
    dynamo: "*",
    bus: "*",
    api: undefined,
    acl: "public-read",
    gcs: ["OWNER:project-owners-1", "READER:allUsers"],
    firewall: ["0.0.0.0/0"],
    bq: { role: "READER", special_group: "allAuthenticatedUsers" },
  };
  const stack = (v: typeof narrow | typeof wide, memory: number, unknownType: boolean): Json => ({
    resource: {
      aws_dynamodb_table: { T: { name: "t", hash_key: "id" } },
      aws_dynamodb_resource_policy: { P: { resource_arn: "${aws_dynamodb_table.T.arn}", policy: policy(allow("dynamodb:GetItem", "${aws_dynamodb_table.T.arn}", { Principal: v.dynamo })) } },
      aws_cloudwatch_event_permission: { E: { statement_id: "s", event_bus_name: "orders", principal: v.bus } },
      aws_api_gateway_rest_api: { A: { name: "a" } },
      aws_api_gateway_rest_api_policy: {
        P: { rest_api_id: "${aws_api_gateway_rest_api.A.id}", policy: policy(allow("execute-api:Invoke", "${aws_api_gateway_rest_api.A.execution_arn}/*", { Principal: "*", ...(v.api ? { Condition: v.api } : {}) })) },
      },
      aws_s3_bucket: { B: { bucket: "b" } },
      aws_s3_bucket_acl: { A: { bucket: "${aws_s3_bucket.B.id}", acl: v.acl } },
      google_storage_bucket_acl: { A: { bucket: "g", role_entity: v.gcs } },
      google_compute_firewall: { F: { name: "f", network: "vpc", source_ranges: v.firewall, allow: [{ protocol: "tcp", ports: ["443"] }] } },
      google_bigquery_dataset: { D: { dataset_id: "ds", access: [{ role: "OWNER", group_by_email: "owners@example.com" }, v.bq] } },
      ...(unknownType ? { aws_example_widget_policy: { W: { policy: policy(allow("s3:*", "*")) } } } : {}),
      // Bulk that is no security change: 60 functions whose memory changes.
      aws_lambda_function: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`F${i}`, { function_name: `f${i}`, role: "arn:aws:iam::111111111111:role/r", memory_size: memory }])),
    },
  });
  const addresses = [
    "aws_dynamodb_resource_policy.P",
    "aws_cloudwatch_event_permission.E",
    "aws_api_gateway_rest_api_policy.P",
    "aws_s3_bucket_acl.A",
    "google_storage_bucket_acl.A",
    "google_compute_firewall.F",
    "google_bigquery_dataset.D",
    "aws_example_widget_policy",
  ];
  let base: string;
  let head: string;
  beforeAll(() => {
    base = written({ svc: stack(narrow, 128, false) });
    head = written({ svc: stack(wide, 256, true) });
  });

  it("gates on each of them, every one named", () => {
    const full = runReview(["--base", base, "--head", head, "--fail-on", "broadening", "--max-chars", "0"]);
    expect(full.status).toBe(1);
    const gate = full.stderr.split("\n").filter((l) => l.startsWith("  - ["));
    for (const address of addresses) expect(gate.some((l) => l.includes(address))).toBe(true);
    expect(full.stderr).toMatch(/may broaden: Cannot verify: .*aws_example_widget_policy/);
  });

  it("cuts the attributes first, keeps every security row, and only then says the security rows are all here", () => {
    const full = runReview(["--base", base, "--head", head, "--max-chars", "0"]).stdout;
    expect(full).toContain("## Attribute changes");
    const fullIds = ids(full);
    expect(fullIds.length).toBeGreaterThanOrEqual(addresses.length);
    const max = full.length - section(full, "## Attribute changes").length + 300;
    expect(full.length).toBeGreaterThan(max);
    const cut = runReview(["--base", base, "--head", head, "--max-chars", String(max)]);
    expect(cut.status).toBe(0);
    expect(cut.stdout.length).toBeLessThanOrEqual(max);
    expect(cut.stdout).not.toContain("## Attribute changes");
    expect(ids(cut.stdout)).toEqual(fullIds);
    expect(section(cut.stdout, "## Security changes")).toBe(section(full, "## Security changes"));
    expect(cut.stdout).toContain("The security rows are all here.");
  });

  it("over the limit with security rows alone: everything of them written, said so, exit 1, never 'all here'", () => {
    const full = runReview(["--base", base, "--head", head, "--max-chars", "0"]).stdout;
    const tiny = runReview(["--base", base, "--head", head, "--max-chars", "1000"]);
    expect(tiny.status).toBe(1);
    expect(tiny.stderr).toContain("its security rows alone are that long and are never cut");
    expect(tiny.stdout).toContain("This report is incomplete as a comment");
    expect(tiny.stdout).not.toContain("The security rows are all here");
    expect(tiny.stdout).not.toContain("No change broadens permissions or exposure");
    expect(ids(tiny.stdout)).toEqual(ids(full));
  });
});

describe("identity is the Terraform address: an override of //.metadata.path hides or renames nothing", () => {
  const role = { R: { name: "r", assume_role_policy: trust, ...meta("svc/Fn/Role") } };
  const read = policy(allow("s3:GetObject", "arn:aws:s3:::b/*"));
  const all = policy(allow("s3:*", "*"));
  const gate = (base: Json, head: Json) => gateItems(buildReview(output({ svc: base }), output({ svc: head })));

  it("Noncompliance: a new wide policy wearing the path of an unchanged one is a broadening row named by its address", () => {
    const base = { resource: { aws_iam_role: role, aws_iam_role_policy: { P: { role: "${aws_iam_role.R.id}", policy: read, ...meta("svc/Fn/Policy") } } } };
    const head = { resource: { aws_iam_role: role, aws_iam_role_policy: { P: base.resource.aws_iam_role_policy.P, Q: { role: "${aws_iam_role.R.id}", policy: all, ...meta("svc/Fn/Policy") } } } };
    const items = gate(base, head);
    expect(items.map((i) => i.kind)).toEqual(["broadening"]);
    expect(items[0].text).toContain("s3:*");
    expect(items[0].text).toContain("aws_iam_role_policy.Q");
  });

  it("Noncompliance: a policy widened while its path is rewritten to the path of another block is still a change of that address", () => {
    const base = {
      resource: {
        aws_iam_role: role,
        aws_iam_role_policy: { P: { role: "${aws_iam_role.R.id}", policy: read, ...meta("svc/Fn/Policy") }, Q: { role: "${aws_iam_role.R.id}", policy: read, ...meta("svc/Other/Policy") } },
      },
    };
    // P widened and made to look like Q; Q made to look like P.
    const head = {
      resource: {
        aws_iam_role: role,
        aws_iam_role_policy: { P: { role: "${aws_iam_role.R.id}", policy: all, ...meta("svc/Other/Policy") }, Q: { role: "${aws_iam_role.R.id}", policy: read, ...meta("svc/Fn/Policy") } },
      },
    };
    const review = buildReview(output({ svc: base }), output({ svc: head }));
    const items = gateItems(review);
    expect(items.map((i) => i.kind)).toEqual(["broadening"]);
    expect(review.iam.filter((c) => c.change === "+").map((c) => c.holder.address)).toEqual(["aws_iam_role_policy.P"]);
    // Q's statements did not change: only its shown path did, which is no change at all.
    expect(review.iam.some((c) => c.holder.address === "aws_iam_role_policy.Q")).toBe(false);
  });

  it("Noncompliance: a widening in another stack's clothes (its path names another stack) stays in its own stack", () => {
    const base = { s1: { resource: { aws_iam_role: role } }, s2: { resource: { aws_iam_role: role } } };
    const head = { s1: { resource: { aws_iam_role: role, aws_iam_role_policy: { Q: { role: "${aws_iam_role.R.id}", policy: all, ...meta("s2/Fn/Policy") } } } }, s2: { resource: { aws_iam_role: role } } };
    const items = gateItems(buildReview(output(base), output(head)));
    expect(items).toHaveLength(1);
    expect(items[0].text).toMatch(/ in s1$/);
  });

  it("Compliance: a path rewritten on a block whose content is unchanged passes", () => {
    const base = { resource: { aws_iam_role: role, aws_iam_role_policy: { P: { role: "${aws_iam_role.R.id}", policy: all, ...meta("svc/Fn/Policy") } } } };
    const head = { resource: { aws_iam_role: role, aws_iam_role_policy: { P: { role: "${aws_iam_role.R.id}", policy: all, ...meta("svc/Elsewhere/Policy") } } } };
    expect(gate(base, head)).toEqual([]);
  });
});

describe("an acknowledgement binds stack + address + the exact change", () => {
  const role = { R: { name: "r", assume_role_policy: trust } };
  const stack = (actions: string[] | undefined, address = "P"): Json => ({
    resource: { aws_iam_role: role, ...(actions ? { aws_iam_role_policy: { [address]: { role: "${aws_iam_role.R.id}", policy: policy(allow(actions, "arn:aws:s3:::b/*")) } } } : {}) },
  });
  const narrow = ["s3:GetObject"];
  const wider = ["s3:GetObject", "s3:PutObject"];
  const other = ["s3:GetObject", "s3:DeleteObject"];
  const gateRun = (base: Json, head: Json, ack: string[]) =>
    runReview(["--base", written(base), "--head", written(head), "--fail-on", "broadening", ...ack.flatMap((id) => ["--acknowledge", id])]);
  /** The one gate id of a review, and the run that showed it. */
  const idOf = (base: Json, head: Json) => {
    const run = gateRun(base, head, []);
    expect(run.status).toBe(1);
    const found = ids(run.stdout);
    expect(found).toHaveLength(1);
    return found[0];
  };
  const base = { "orders-dev": stack(narrow), "orders-prod": stack(narrow) };

  it("Compliance: the same change at the same address of the same stack stays acknowledged", () => {
    const head = { "orders-dev": stack(wider), "orders-prod": stack(narrow) };
    const id = idOf(base, head);
    const run = gateRun(base, head, [id]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`\`${id}\` (acknowledged)`);
  });

  it("Noncompliance: given in one stack, it does not cover the same change in another", () => {
    const id = idOf(base, { "orders-dev": stack(wider), "orders-prod": stack(narrow) });
    // The same widening in prod only.
    const prodOnly = gateRun(base, { "orders-dev": stack(narrow), "orders-prod": stack(wider) }, [id]);
    expect(prodOnly.status).toBe(1);
    expect(prodOnly.stderr).toContain(`--acknowledge ${id}: no such widening change`);
    expect(prodOnly.stderr).toMatch(/--fail-on broadening: 1 found[\s\S]* in orders-prod/);
    // Spreading to prod too: the row now covers both stacks, so it is another change to acknowledge.
    const both = gateRun(base, { "orders-dev": stack(wider), "orders-prod": stack(wider) }, [id]);
    expect(both.status).toBe(1);
    expect(both.stderr).toContain("--fail-on broadening: 1 found");
  });

  it("Noncompliance: stacks of no common environment do not share acknowledgements either", () => {
    const two = { orders: stack(narrow), billing: stack(narrow) };
    const id = idOf(two, { orders: stack(wider), billing: stack(narrow) });
    expect(gateRun(two, { orders: stack(narrow), billing: stack(wider) }, [id]).status).toBe(1);
  });

  it("Noncompliance: it does not cover a later, different widening of the same address", () => {
    const id = idOf(base, { "orders-dev": stack(wider), "orders-prod": stack(narrow) });
    const later = gateRun(base, { "orders-dev": stack(other), "orders-prod": stack(narrow) }, [id]);
    expect(later.status).toBe(1);
    expect(later.stderr).toContain("s3:DeleteObject");
  });

  it("Noncompliance: a may-broaden acknowledged for one variable default does not cover another default", () => {
    const withVariable = (value: string): Json => ({
      variable: { reports: { default: value } },
      resource: { aws_iam_role: role, aws_iam_role_policy: { P: { role: "${aws_iam_role.R.id}", policy: policy(allow("s3:GetObject", "${var.reports}")) } } },
    });
    const none = { "orders-dev": stack(undefined), "orders-prod": stack(undefined) };
    const id = idOf(none, { "orders-dev": withVariable("arn:aws:s3:::b/reports/*"), "orders-prod": stack(undefined) });
    expect(gateRun(none, { "orders-dev": withVariable("arn:aws:s3:::b/reports/*"), "orders-prod": stack(undefined) }, [id]).status).toBe(0);
    const widened = gateRun(none, { "orders-dev": withVariable("*"), "orders-prod": stack(undefined) }, [id]);
    expect(widened.status).toBe(1);
    expect(widened.stderr).toContain(`--acknowledge ${id}: no such widening change`);
  });

  it("Noncompliance: it does not cover the same change made at another address", () => {
    const none = { "orders-dev": stack(undefined), "orders-prod": stack(undefined) };
    const id = idOf(none, { "orders-dev": stack(wider, "P"), "orders-prod": stack(undefined) });
    const elsewhere = gateRun(none, { "orders-dev": stack(wider, "Q"), "orders-prod": stack(undefined) }, [id]);
    expect(elsewhere.status).toBe(1);
    expect(elsewhere.stderr).toContain("at aws_iam_role_policy.Q in orders-dev");
  });
});
