import { blocks, dig, list, stripMetadata } from "../../../../modules/core/terraform/blocks";
import { TerraformModel } from "../../../../modules/core/terraform/model";
import { argumentPath, isUnder } from "../../../../modules/core/terraform/unreadable";

const PROVIDER = { aws: [{ region: "eu-west-1", allowed_account_ids: ["111111111111"] }] };

/** A model of resources (and whatever else is given). */
function model(json: Record<string, unknown>): TerraformModel {
  return TerraformModel.fromJson({ provider: PROVIDER, ...json });
}

const why = (m: TerraformModel, address: string) => m.unreadable(address).map((u) => `${u.path ? `${u.path}: ` : ""}${u.what}: ${u.why}`);

describe("the block normaliser", () => {
  test("a block or a list of blocks; a value or a list of values", () => {
    expect(blocks({ a: 1 })).toEqual([{ a: 1 }]);
    expect(blocks([{ a: 1 }, "x", null, { b: 2 }])).toEqual([{ a: 1 }, { b: 2 }]);
    expect(blocks("x")).toEqual([]);
    expect(blocks(undefined)).toEqual([]);
    expect(list("a")).toEqual(["a"]);
    expect(list(["a", "b"])).toEqual(["a", "b"]);
    expect(list(null)).toEqual([]);
    expect(dig({ rule: [{ apply: { algo: "aws:kms" } }] }, "rule.apply.algo")).toBe("aws:kms");
  });

  test("`//` metadata is removed at every level", () => {
    expect(stripMetadata({ "//": { metadata: {} }, a: [{ "//": 1, b: 2 }], c: { "//": 3, d: 4 } })).toEqual({ a: [{ b: 2 }], c: { d: 4 } });
  });

  test("identity is the Terraform address; the construct path from metadata is for display only", () => {
    const m = model({
      resource: { aws_s3_bucket: { b: { "//": { metadata: { path: "s/Other/Path" } }, bucket: "x" } } },
      data: { aws_iam_policy_document: { d: {} } },
      module: { m: { source: "./m" } },
    });
    expect(m.blocks.map((b) => [b.address, b.typeKey, b.mode])).toEqual([
      ["aws_s3_bucket.b", "aws_s3_bucket", "managed"],
      ["data.aws_iam_policy_document.d", "data.aws_iam_policy_document", "data"],
      ["module.m", "module", "module"],
    ]);
    expect(m.block("aws_s3_bucket.b")?.displayPath).toBe("s/Other/Path");
    expect(m.block("aws_s3_bucket.b")?.raw).toEqual({ bucket: "x" });
    expect(m.ofType("data.aws_iam_policy_document").map((b) => b.name)).toEqual(["d"]);
  });

  test("each distinct string is parsed once", () => {
    const m = model({});
    expect(m.parse("${aws_x.y.z}")).toBe(m.parse("${aws_x.y.z}"));
  });
});

describe("resolution", () => {
  test("locals with literal values, literal expressions and conversions are folded in; references stay references", () => {
    const m = model({
      locals: { actions: ["s3:GetObject"], star: "*", arn: "${aws_s3_bucket.b.arn}", nested: "${local.star}" },
      resource: {
        aws_s3_bucket: { b: { bucket: "b" } },
        aws_x: {
          y: {
            list: "${local.actions}",
            text: "arn:${local.star}:x",
            literal: '${"*"}',
            ref: "${local.arn}/*",
            nested: "${local.nested}",
            set: '${toset(["a", "a", "b"])}',
            json: '${jsonencode({Action = local.actions, Resource = aws_s3_bucket.b.arn})}',
            cond: '${true ? "yes" : var.x}',
            escaped: "$${aws:username}",
          },
        },
      },
    });
    expect(m.block("aws_x.y")?.config).toEqual({
      list: ["s3:GetObject"],
      text: "arn:*:x",
      literal: "*",
      ref: "${aws_s3_bucket.b.arn}/*",
      nested: "*",
      set: ["a", "b"],
      json: '{"Action":["s3:GetObject"],"Resource":"${aws_s3_bucket.b.arn}"}',
      cond: "yes",
      escaped: "$${aws:username}",
    });
    expect(m.unreadable("aws_x.y")).toEqual([]);
  });

  test("jsonencode writes JSON as Terraform does: object keys in lexical order at every level, <, > and & escaped", () => {
    const m = model({ resource: { aws_s3_bucket: { b: { bucket: "b" } }, aws_x: { y: { json: '${jsonencode({"b" = [{"z" = 1, "a" = "<&>"}], "a" = aws_s3_bucket.b.arn, "10" = true, "9" = null})}' } } } });
    expect(m.block("aws_x.y")?.config.json).toBe('{"10":true,"9":null,"a":"${aws_s3_bucket.b.arn}","b":[{"a":"\\u003c\\u0026\\u003e","z":1}]}');
  });

  test("variables stay unknown, their default only shown; so do remote state, modules, functions and directives", () => {
    const m = model({
      variable: { cidr: { type: "string", default: "10.0.0.0/8" }, nodefault: { type: "string" } },
      resource: {
        aws_x: {
          y: {
            a: "${var.cidr}",
            b: "${var.nodefault}",
            c: "${data.terraform_remote_state.s.outputs.p}",
            d: "${module.m.arn}",
            e: '${file("p.json")}',
            f: "%{ if var.cidr != \"\" }x%{ endif }",
            g: "${each.value}",
            h: "${aws_x.missing.arn}",
            i: "${",
          },
        },
      },
    });
    expect(why(m, "aws_x.y")).toEqual([
      "a: ${var.cidr}: var.cidr can be set when Terraform runs (-var, a .tfvars file, TF_VAR_cidr, an HCP Terraform workspace variable); its default is \"10.0.0.0/8\"",
      "b: ${var.nodefault}: var.nodefault can be set when Terraform runs (-var, a .tfvars file, TF_VAR_nodefault, an HCP Terraform workspace variable); it has no default",
      "c: ${data.terraform_remote_state.s.outputs.p}: an output of another stack or workspace (data.terraform_remote_state.s), read when Terraform runs",
      'd: ${module.m.arn}: an output of module "m", which creates what this stack does not describe',
      'e: ${file("p.json")}: the function file(...), which Terraform evaluates',
      'f: %{if var.cidr != ""}: a template directive: Terraform computes the text',
      "f: %{endif}: a template directive: Terraform computes the text",
      "g: ${each.value}: each.value: the instances of a resource with for_each are only known when Terraform runs",
      "h: ${aws_x.missing.arn}: aws_x.missing is not in the stack",
      expect.stringMatching(/^i: \$\{: not an expression Terraform can parse/),
    ]);
    expect(m.block("aws_x.y")?.config.a).toBe("${var.cidr}");
  });

  test("a local built from something unknown is unknown, and says why", () => {
    const m = model({ locals: { p: "${var.policy}" }, variable: { policy: {} }, resource: { aws_iam_policy: { p: { policy: "${local.p}" } } } });
    expect(why(m, "aws_iam_policy.p")).toEqual([expect.stringMatching(/^policy: \$\{local.p\}: local.p: \$\{var.policy\}: var.policy can be set when Terraform runs/)]);
  });

  test("a reference to an argument that is more than a name is read through; names, computed attributes and passthroughs are handled", () => {
    const m = model({
      resource: {
        aws_ssm_parameter: { p: { name: "/p", value: '{"Statement":[]}' } },
        terraform_data: { t: { input: ["0.0.0.0/0"] } },
        aws_iam_role: { r: { name: "role" } },
        aws_x: { y: { policy: "${aws_ssm_parameter.p.value}", cidrs: "${terraform_data.t.output}", role: "${aws_iam_role.r.name}", arn: "${aws_iam_role.r.arn}" } },
        aws_unknown_thing: { u: { value: "*" } },
        aws_z: { z: { principal: "${aws_unknown_thing.u.value}" } },
      },
    });
    expect(m.block("aws_x.y")?.config).toEqual({ policy: '{"Statement":[]}', cidrs: ["0.0.0.0/0"], role: "${aws_iam_role.r.name}", arn: "${aws_iam_role.r.arn}" });
    expect(why(m, "aws_z.z")).toEqual([expect.stringMatching(/^principal: \$\{aws_unknown_thing.u.value\}: an attribute of aws_unknown_thing, a type the catalog does not describe/)]);
  });

  test("data sources whose content is known are folded; one that reads the cloud is unknown", () => {
    const m = model({
      data: {
        aws_partition: { p: {} },
        aws_region: { r: {} },
        aws_caller_identity: { c: {} },
        aws_iam_policy: { admin: { name: "AdministratorAccess" }, byArn: { arn: "arn:aws:iam::aws:policy/ReadOnlyAccess" } },
        aws_iam_policy_document: { d: {} },
      },
      resource: {
        aws_x: {
          y: {
            arn: "arn:${data.aws_partition.p.partition}:dynamodb:${data.aws_region.r.name}:${data.aws_caller_identity.c.account_id}:table/t",
            byName: "${data.aws_iam_policy.admin.arn}",
            byArn: "${data.aws_iam_policy.byArn.arn}",
            doc: "${data.aws_iam_policy.admin.policy}",
            json: "${data.aws_iam_policy_document.d.json}",
          },
        },
      },
    });
    const c = m.block("aws_x.y")!.config;
    expect(c.arn).toBe("arn:aws:dynamodb:eu-west-1:111111111111:table/t");
    expect(c.byArn).toBe("arn:aws:iam::aws:policy/ReadOnlyAccess");
    expect(c.json).toBe("${data.aws_iam_policy_document.d.json}");
    expect(why(m, "aws_x.y")).toEqual([
      "byName: ${data.aws_iam_policy.admin.arn}: data.aws_iam_policy.admin.arn is read from the cloud when Terraform plans",
      "doc: ${data.aws_iam_policy.admin.policy}: data.aws_iam_policy.admin.policy is read from the cloud when Terraform plans",
    ]);
  });

  test("an uncataloged data source, and data.external, are unknown", () => {
    const m = model({ data: { external: { e: { program: ["x"] } }, aws_mystery: { m: {} } }, resource: { aws_x: { y: { a: "${data.external.e.result.policy}", b: "${data.aws_mystery.m.arn}" } } } });
    expect(why(m, "aws_x.y")).toEqual([
      "a: ${data.external.e.result.policy}: data.external.e.result is read from the cloud when Terraform plans",
      "b: ${data.aws_mystery.m.arn}: data.aws_mystery.m reads aws_mystery when Terraform plans, and the catalog does not know what it returns (modules/core/catalog)",
    ]);
  });

  test("provisioners and modules are places the model cannot read", () => {
    const m = model({ resource: { aws_s3_bucket: { b: { bucket: "b", provisioner: [{ "local-exec": { command: "x" } }] } } }, module: { m: { source: "registry/x/aws" } } });
    expect(why(m, "aws_s3_bucket.b")).toEqual(['provisioner[0]: provisioner "local-exec": runs a command on the machine that applies, with its credentials: nothing in the configuration says what it does']);
    expect(why(m, "module.m")).toEqual(['module "m" (registry/x/aws): a module creates resources and policies this stack does not describe']);
  });

  test("provider facts: partition from the region, the one allowed account, an alias; GCP project", () => {
    const m = TerraformModel.fromJson({
      provider: { aws: [{ region: "cn-north-1", allowed_account_ids: ["222222222222"] }, { alias: "us", region: "us-east-1" }], google: [{ project: "p1", region: "europe-west1" }] },
      resource: { aws_x: { a: {}, b: { provider: "aws.us" } }, google_y: { g: {}, h: { project: "p2" } } },
    });
    expect(m.providerFacts("aws_x.a")).toEqual({ partition: "aws-cn", region: "cn-north-1", accountId: "222222222222" });
    expect(m.providerFacts("aws_x.b")).toEqual({ partition: "aws", region: "us-east-1" });
    expect(m.providerFacts("google_y.g")).toEqual({ project: "p1", region: "europe-west1" });
    expect(m.providerFacts("google_y.h")).toEqual({ project: "p2", region: "europe-west1" });
  });

  test("references: every kind, each once; referencedAddresses keeps the stack's blocks", () => {
    const m = model({ resource: { aws_s3_bucket: { b: {} } } });
    const value = { a: ["${aws_s3_bucket.b.arn}", "${aws_s3_bucket.b.id}"], b: "${jsonencode({x = var.v, y = module.m.o})}" };
    expect(m.references(value).map((r) => r.kind)).toEqual(["reference", "reference", "variable", "module"]);
    expect(m.referencedAddresses(value)).toEqual(["aws_s3_bucket.b"]);
  });
});

describe("dynamic blocks", () => {
  test("over a literal list (cdktf's toset of objects), a map, with an iterator, nested; after the static blocks", () => {
    const m = model({
      data: {
        aws_iam_policy_document: {
          d: {
            statement: [{ sid: "Static", actions: ["s3:GetObject"], resources: ["*"] }],
            dynamic: {
              statement: [
                { for_each: '${toset([{"a" = ["sqs:SendMessage"]}, {"a" = ["sns:Publish"]}])}', iterator: "each", content: { actions: "${each.value.a}", resources: ["*"], sid: "S${each.key.a[0] == \"\" ? \"\" : \"\"}" } },
                {
                  for_each: { Logs: "logs:PutLogEvents" },
                  iterator: "it",
                  content: { sid: "${it.key}", actions: ["${it.value}"], resources: ["*"], dynamic: { condition: { for_each: ["111111111111"], content: { test: "StringEquals", variable: "aws:SourceAccount", values: ["${condition.value}"] } } } },
                },
              ],
            },
          },
        },
      },
    });
    const statements = blocks(m.block("data.aws_iam_policy_document.d")!.config.statement);
    expect(statements.map((s) => [s.sid, s.actions])).toEqual([
      ["Static", ["s3:GetObject"]],
      ["${each.key.a[0] == \"\" ? \"\" : \"\"}".length > 0 ? expect.anything() : undefined, ["sqs:SendMessage"]],
      [expect.anything(), ["sns:Publish"]],
      ["Logs", ["logs:PutLogEvents"]],
    ]);
    expect(statements[3].condition).toEqual([{ test: "StringEquals", variable: "aws:SourceAccount", values: ["111111111111"] }]);
  });

  test("a list keys by index, a set by value", () => {
    const m = model({
      resource: {
        aws_x: {
          l: { dynamic: { r: { for_each: ["a", "b"], content: { k: "${r.key}", v: "${r.value}" } } } },
          s: { dynamic: { r: { for_each: '${toset(["a", "b"])}', content: { k: "${r.key}", v: "${r.value}" } } } },
        },
      },
    });
    expect(m.block("aws_x.l")!.config.r).toEqual([{ k: 0, v: "a" }, { k: 1, v: "b" }]);
    expect(m.block("aws_x.s")!.config.r).toEqual([{ k: "a", v: "a" }, { k: "b", v: "b" }]);
  });

  test("content written as a list of one block (Terraform JSON's other form of a block) is expanded like an object; two are refused", () => {
    const deny = { effect: "Deny", actions: ["${statement.value}"], resources: ["*"] };
    const m = model({
      data: {
        aws_iam_policy_document: {
          listed: { dynamic: { statement: [{ for_each: ["s3:PutObject"], content: [deny] }] } },
          two: { dynamic: { statement: [{ for_each: ["s3:PutObject"], content: [deny, deny] }] } },
        },
      },
    });
    expect(m.block("data.aws_iam_policy_document.listed")!.config.statement).toEqual([{ effect: "Deny", actions: ["s3:PutObject"], resources: ["*"] }]);
    expect(m.block("data.aws_iam_policy_document.two")!.config.statement).toBeUndefined();
    expect(why(m, "data.aws_iam_policy_document.two")).toEqual(['dynamic.statement.content: dynamic "statement": 2 content blocks (Terraform refuses more than one)']);
  });

  test("over a list only Terraform knows: kept, and reported where it is", () => {
    const m = model({
      variable: { stmts: { default: [] } },
      data: { aws_iam_policy_document: { d: { dynamic: { statement: { for_each: "${var.stmts}", content: { actions: "${statement.value}" } } } } } },
    });
    const d = m.block("data.aws_iam_policy_document.d")!;
    expect(d.config.statement).toBeUndefined();
    expect(d.config.dynamic).toEqual(d.raw.dynamic);
    expect(why(m, d.address)).toEqual([expect.stringMatching(/^dynamic.statement: dynamic "statement": its for_each: \$\{var.stmts\}: var.stmts can be set when Terraform runs/)]);
  });

  test("cdktf's iterator over an attribute-as-block is a for expression: unknown", () => {
    const m = model({ resource: { aws_security_group: { sg: { ingress: '${[ for key, val in toset(["a"]): {"cidr_blocks" = [val]}]}' } } } });
    expect(why(m, "aws_security_group.sg")).toEqual([expect.stringMatching(/^ingress: .*: a for expression, which Terraform evaluates$/)]);
  });
});

describe("unreadable places", () => {
  test("argument paths drop indexes and dynamic wrappers", () => {
    expect(argumentPath("statement[0].principals[1].identifiers[2]")).toBe("statement.principals.identifiers");
    expect(argumentPath("dynamic.statement")).toBe("statement");
    expect(argumentPath("rule[0].dynamic.x.content.y")).toBe("rule.x.y");
    expect(isUnder("statement[0].principals[0].identifiers[0]", ["statement.principals"])).toBe(true);
    expect(isUnder("dynamic.statement", ["statement.principals.identifiers"])).toBe(true);
    expect(isUnder("description", ["policy"])).toBe(false);
    expect(isUnder("anything", ["*"])).toBe(true);
  });
});
