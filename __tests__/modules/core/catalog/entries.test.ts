import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { catalogEntries, catalogEntry, GCP_IAM_TARGETS } from "../../../../modules/core/catalog";
import * as ENTRIES from "../../../../modules/core/catalog/entries";
import { SECURE_BY_DEFAULT } from "../../../../modules/core/rule-pack";
import { FORCE_NEW } from "../../../../scripts/review/replacements";
import { catalogIndexSource, ENTRY_FOLDERS } from "../../../../scripts/catalog-index";

const CATALOG = join(__dirname, "..", "..", "..", "..", "modules", "core", "catalog");
const PROVIDER_GOOGLE = join(__dirname, "..", "..", "..", "..", "node_modules", "@cdktf", "provider-google", "lib");

describe("the catalog's index", () => {
  test("entries.ts has one line per entry file, as scripts/catalog-index.ts writes it (run `npx tsx scripts/catalog-index.ts` after adding a file)", () => {
    expect(readFileSync(join(CATALOG, "entries.ts"), "utf8")).toBe(catalogIndexSource());
  });

  test("each file describes the type its name says (data-<type>.ts for a data source); the GCP IAM families are one generated file", () => {
    for (const folder of ENTRY_FOLDERS) {
      for (const file of readdirSync(join(CATALOG, folder)).filter((f) => f.endsWith(".ts"))) {
        const name = file.slice(0, -3).replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
        const exported = (ENTRIES as Record<string, unknown>)[name];
        if (file === "google-iam-grants.ts") {
          expect(Array.isArray(exported)).toBe(true);
          continue;
        }
        const type = file.slice(0, -3).replace(/^data-/, "data.").replace(/-/g, "_");
        expect({ file, type: (exported as { type: string }).type }).toEqual({ file, type });
      }
    }
  });

  test("no type is described twice, and the index loads nothing heavy (no provider package, no cdktf)", () => {
    const types = catalogEntries().map((e) => e.type);
    expect(new Set(types).size).toBe(types.length);
    for (const folder of ["", ...ENTRY_FOLDERS]) {
      for (const file of readdirSync(join(CATALOG, folder)).filter((f) => f.endsWith(".ts"))) {
        expect({ file, imports: readFileSync(join(CATALOG, folder, file), "utf8").match(/from "(@cdktf|cdktf|constructs)[^"]*"/g) }).toEqual({ file, imports: null });
      }
    }
  });

  test("no file of the catalog uses __dirname or __filename (scripts/run-app.js bundles them without its __dirname plugin)", () => {
    for (const folder of ["", ...ENTRY_FOLDERS]) {
      for (const file of readdirSync(join(CATALOG, folder)).filter((f) => f.endsWith(".ts"))) {
        expect({ file, dirname: /\b__(dirname|filename)\b/.test(readFileSync(join(CATALOG, folder, file), "utf8")) }).toEqual({ file, dirname: false });
      }
    }
  });

  test("GCP_IAM_TARGETS is every target the google provider has _iam_member, _iam_binding and _iam_policy resources for", () => {
    const fromProvider = readdirSync(PROVIDER_GOOGLE)
      .filter((d) => d.endsWith("-iam-member") && !d.startsWith("data-google-"))
      .map((d) => /"(google_[a-z0-9_]+)_iam_member"/.exec(readFileSync(join(PROVIDER_GOOGLE, d, "index.js"), "utf8"))![1])
      .sort();
    expect([...GCP_IAM_TARGETS].sort()).toEqual(fromProvider);
  });
});

describe("coverage", () => {
  test("every type a rule of the pack reads is in the catalog", () => {
    const types = [...new Set(SECURE_BY_DEFAULT.flatMap((r) => r.appliesTo).filter((t) => t !== "*"))];
    expect(types.filter((t) => !catalogEntry(t))).toEqual([]);
  });

  test("every type the review reads today is in the catalog", () => {
    // The types the review's own table of policy attributes listed before it read the catalog.
    const policyHolders = [
      "aws_iam_role", "aws_iam_role_policy", "aws_iam_policy", "aws_iam_user_policy", "aws_iam_group_policy", "aws_s3_bucket_policy", "aws_sqs_queue_policy", "aws_sqs_queue",
      "aws_sns_topic_policy", "aws_ecr_repository_policy", "aws_kms_key", "aws_kms_key_policy", "aws_secretsmanager_secret_policy", "aws_secretsmanager_secret", "aws_sns_topic",
      "aws_s3_bucket", "aws_ecr_registry_policy", "aws_api_gateway_rest_api_policy", "aws_cloudwatch_log_resource_policy", "aws_lambda_layer_version_permission",
    ];
    const types = [...Object.keys(FORCE_NEW), ...policyHolders, "aws_api_gateway_method", "aws_s3_account_public_access_block", "aws_apigatewayv2_route", "aws_lambda_function_url"];
    expect(types.filter((t) => !catalogEntry(t))).toEqual([]);
  });

  test.each([
    ["DynamoDB resource policies", "aws_dynamodb_resource_policy", "resource-policy"],
    ["EventBridge bus policies", "aws_cloudwatch_event_bus_policy", "resource-policy"],
    ["EventBridge bus permissions", "aws_cloudwatch_event_permission", "resource-permission"],
    ["API Gateway REST API policies", "aws_api_gateway_rest_api_policy", "resource-policy"],
    ["S3 bucket ACLs", "aws_s3_bucket_acl", "public-exposure"],
    ["GCS bucket ACLs", "google_storage_bucket_acl", "public-exposure"],
    ["GCS object ACLs", "google_storage_object_acl", "public-exposure"],
    ["GCP firewalls", "google_compute_firewall", "network-ingress"],
    ["BigQuery dataset IAM", "google_bigquery_dataset_iam_member", "gcp-iam"],
    ["BigQuery table IAM", "google_bigquery_table_iam_binding", "gcp-iam"],
    ["BigQuery dataset access", "google_bigquery_dataset_access", "gcp-iam"],
    ["Lambda layer permissions", "aws_lambda_layer_version_permission", "resource-permission"],
  ])("issue 16 names %s: %s grants %s", (_what, type, kind) => {
    expect(catalogEntry(type)?.grants?.map((g) => g.kind)).toContain(kind);
  });

  test("every AWS resource type says how the local runner treats it (its local slot: emulated as what, inert, or not emulated)", () => {
    const aws = catalogEntries().filter((e) => e.type.startsWith("aws_"));
    expect(aws.filter((e) => !e.local).map((e) => e.type)).toEqual([]);
    for (const e of aws) {
      const local = e.local!;
      const words = local.kind === "emulated" ? local.as : local.kind === "inert" ? local.why : local.what;
      expect({ type: e.type, words: typeof words === "string" && words.length > 0 }).toEqual({ type: e.type, words: true });
    }
  });

  test("a grant's policy argument is one of its attributes", () => {
    for (const e of catalogEntries()) {
      for (const g of e.grants ?? []) if ("policy" in g && g.policy) expect({ type: e.type, attributes: g.attributes }).toEqual({ type: e.type, attributes: expect.arrayContaining([g.policy]) });
    }
  });
});
