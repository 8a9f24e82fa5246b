import { buildReview, newWarnings, type Review } from "../../scripts/review/build-review";
import { code, text } from "../../scripts/review/markdown";
import { mermaidText } from "../../scripts/review/mermaid";
import { broadeningChanges, renderReview } from "../../scripts/review/render";
import { FORCE_NEW, forcesReplacement } from "../../scripts/review/replacements";
import { newFindings } from "../../scripts/review/findings";
import type { Annotation, SynthOutput, TerraformJson } from "../../scripts/review/synth-output";
import { StackView } from "../../scripts/review/stack-view";
import { section } from "./review-fixtures";

/** An in-memory synth output with one stack `s` (construct paths from the block names). */
function output(config: TerraformJson, annotations: Annotation[] = []): SynthOutput {
  const withPaths = JSON.parse(JSON.stringify(config)) as TerraformJson;
  for (const mode of ["resource", "data"]) {
    for (const blocks of Object.values((withPaths[mode] ?? {}) as Record<string, Record<string, Record<string, unknown>>>)) {
      for (const [name, block] of Object.entries(blocks)) block["//"] = { metadata: { path: `s/${name}`, uniqueId: name } };
    }
  }
  return { label: "test", stacks: new Map([["s", { name: "s", config: withPaths, annotations }]]) };
}

function reviewOf(base: TerraformJson, head: TerraformJson): Review {
  return buildReview(output(base), output(head));
}

const rolePolicy = (statements: unknown[]) => ({
  resource: {
    aws_iam_role_policy: { P: { name: "p", role: "r", policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) } },
  },
});

describe("IAM statement diff", () => {
  const read = { Sid: "Read", Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::b/reports/*"] };

  it("shows a widened statement as - and +, the + broadening", () => {
    const r = reviewOf(rolePolicy([read]), rolePolicy([{ ...read, Resource: ["arn:aws:s3:::b/*"] }]));
    expect(r.iam.map((c) => [c.change, c.located.shown!.resources, c.broadening])).toEqual([
      ["-", ["arn:aws:s3:::b/reports/*"], false],
      ["+", ["arn:aws:s3:::b/*"], true],
    ]);
  });

  it("does not count a narrowed statement, or a renamed Sid", () => {
    expect(broadeningChanges(reviewOf(rolePolicy([{ ...read, Resource: ["arn:aws:s3:::b/*"] }]), rolePolicy([read])))).toEqual([]);
    expect(reviewOf(rolePolicy([read]), rolePolicy([{ ...read, Sid: "ReadReports" }])).iam).toEqual([]);
  });

  it("counts a dropped condition and a removed Deny as broadening, an added Deny not", () => {
    const conditioned = { ...read, Condition: { StringEquals: { "aws:PrincipalAccount": "111111111111" } } };
    expect(broadeningChanges(reviewOf(rolePolicy([conditioned]), rolePolicy([read])))).toHaveLength(1);
    const deny = { Effect: "Deny", Action: ["s3:DeleteObject"], Resource: ["*"] };
    expect(broadeningChanges(reviewOf(rolePolicy([read, deny]), rolePolicy([read])))).toHaveLength(1);
    expect(broadeningChanges(reviewOf(rolePolicy([read]), rolePolicy([read, deny])))).toEqual([]);
    // A Deny that goes away with its resource loosens nothing.
    expect(broadeningChanges(reviewOf(rolePolicy([read, deny]), {}))).toEqual([]);
  });

  it("resolves policy-document references and names the resource that uses them", () => {
    const config = (actions: string[]) => ({
      data: { aws_iam_policy_document: { Doc: { statement: [{ effect: "Allow", actions, resources: ["${aws_sqs_queue.Q.arn}"] }] } } },
      resource: {
        aws_sqs_queue: { Q: { name: "q" } },
        aws_iam_policy: { Pol: { name: "pol", policy: "${data.aws_iam_policy_document.Doc.json}" } },
      },
    });
    const r = reviewOf(config(["sqs:SendMessage"]), config(["sqs:SendMessage", "sqs:DeleteMessage"]));
    const added = r.iam.find((c) => c.change === "+")!;
    expect(added.holder.label).toBe("aws_iam_policy Pol");
    expect(added.holder.document).toBe("data.aws_iam_policy_document Doc");
    expect(added.located.shown!.resources).toEqual(["<aws_sqs_queue Q>.arn"]);
    expect(added.broadening).toBe(true);
  });

  it("reads bucket policies with their principal, and flags a policy it cannot read", () => {
    const bucketPolicy = (principal: unknown) => ({
      resource: {
        aws_s3_bucket_policy: {
          BP: { bucket: "b", policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: principal, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }] }) },
        },
      },
    });
    const r = reviewOf(bucketPolicy({ AWS: "arn:aws:iam::111111111111:root" }), bucketPolicy("*"));
    expect(r.iam.find((c) => c.change === "+")).toEqual(expect.objectContaining({ broadening: true, located: expect.objectContaining({ shown: expect.objectContaining({ principals: ["*"] }) }) }));
    // One `~` row: the statement kept its action and resource and gained the principal `*`.
    expect(renderReview(r)).toMatch(/\| ~ \| Allow \| `s3:GetObject` \| `arn:aws:s3:::b\/\*` \| \*\*\+\*\* `\*`<br>\*\*−\*\* `AWS:arn:aws:iam::111111111111:root` \| — \| BP in s \| ⚠️ broadening `[0-9a-f]{10}` \|/);
    expect(renderReview(r)).toContain("| `aws_s3_bucket_policy BP` | — | `b` | s |");

    const opaque = reviewOf({}, { resource: { aws_iam_policy: { X: { policy: "${jsonencode(local.policy)}" } } } });
    // What the policy allows is only known at apply: it may broaden, and the gate needs an acknowledgement.
    expect(opaque.iam).toEqual([
      expect.objectContaining({ change: "+", broadening: false, mayBroaden: true, unknown: ["${jsonencode(local.policy)}"], located: expect.objectContaining({ unreadable: "${jsonencode(local.policy)}" }) }),
    ]);
    expect(broadeningChanges(opaque)).toEqual([expect.stringMatching(/^\[[0-9a-f]{10}\] may broaden: IAM statement changes/)]);
  });

  it("shows trust policy changes apart, a new principal as broadening", () => {
    const role = (services: string[]) => ({
      resource: {
        aws_iam_role: {
          R: { name: "r", assume_role_policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: services } }] }) },
        },
      },
    });
    const r = reviewOf(role(["lambda.amazonaws.com"]), role(["lambda.amazonaws.com", "ec2.amazonaws.com"]));
    expect(r.iam).toEqual([]);
    expect(r.trust.map((c) => [c.change, c.located.shown!.principals, c.broadening])).toEqual([
      ["-", ["Service:lambda.amazonaws.com"], false],
      ["+", ["Service:ec2.amazonaws.com", "Service:lambda.amazonaws.com"], true],
    ]);
    expect(renderReview(r)).toContain("### Trust policy changes");
    expect(broadeningChanges(reviewOf(role(["lambda.amazonaws.com", "ec2.amazonaws.com"]), role(["lambda.amazonaws.com"])))).toEqual([]);
  });
});

describe("security facts", () => {
  const permission = (sourceArn: string, name = "Perm") => ({
    resource: {
      aws_lambda_function: { F: { function_name: "f" } },
      aws_lambda_permission: {
        [name]: { action: "lambda:InvokeFunction", function_name: "${aws_lambda_function.F.function_name}", principal: "events.amazonaws.com", source_arn: sourceArn },
      },
    },
  });

  it("counts a wider source ARN as broadening, a narrower one and a moved permission not", () => {
    const wide = "arn:aws:events:eu-west-1:111111111111:rule/*";
    const narrow = "arn:aws:events:eu-west-1:111111111111:rule/nightly";
    expect(broadeningChanges(reviewOf(permission(narrow), permission(wide)))).toHaveLength(1);
    expect(broadeningChanges(reviewOf(permission(wide), permission(narrow)))).toEqual([]);
    const moved = reviewOf(permission(narrow), permission(narrow, "Renamed"));
    expect(moved.facts.map((c) => c.change)).toEqual(["-", "+"]);
    expect(broadeningChanges(moved)).toEqual([]);
  });

  it("reads inline, VPC and classic security group rules; a description change is not broadening", () => {
    const groups = (description: string) => ({
      resource: {
        aws_security_group: { G: { name: "g", ingress: [{ from_port: 443, to_port: 443, protocol: "tcp", cidr_blocks: ["10.0.0.0/8"], description }] } },
        aws_vpc_security_group_ingress_rule: { V: { security_group_id: "${aws_security_group.G.id}", ip_protocol: "tcp", from_port: 22, to_port: 22, cidr_ipv4: "0.0.0.0/0", description } },
        aws_security_group_rule: { C: { type: "egress", security_group_id: "${aws_security_group.G.id}", protocol: "-1", from_port: 0, to_port: 0, cidr_blocks: ["0.0.0.0/0"], description } },
      },
    });
    const added = reviewOf({}, groups("https"));
    const rows = added.facts.filter((c) => c.fact.section === "network-rules");
    expect(rows).toHaveLength(3);
    expect(rows.every((c) => c.change === "+" && c.broadening)).toBe(true);
    const vpc = rows.find((c) => c.fact.address === "aws_vpc_security_group_ingress_rule.V")!;
    expect(vpc.fact.fields).toEqual([
      ["On", "<aws_security_group G>"],
      ["Direction", "ingress"],
      ["Protocol", "tcp"],
      ["Ports", "22"],
      ["Peer (source)", "0.0.0.0/0"],
      ["Description", "https"],
    ]);
    expect(rows.find((c) => c.fact.address === "aws_security_group_rule.C")!.fact.fields[3]).toEqual(["Ports", "all"]);
    const relabelled = reviewOf(groups("https"), groups("TLS"));
    expect(relabelled.facts).toHaveLength(6);
    expect(broadeningChanges(relabelled)).toEqual([]);
    const opened = groups("https");
    opened.resource.aws_security_group.G.ingress[0].cidr_blocks = ["0.0.0.0/0"];
    expect(broadeningChanges(reviewOf(groups("https"), opened))).toEqual([expect.stringContaining("Network rules: + | aws_security_group | `<aws_security_group G>` | `ingress` | `tcp` | `443` | `0.0.0.0/0`")]);
  });

  it("reports policies attached by ARN, which the stack cannot show statements of", () => {
    const attached = (arn: string) => ({
      resource: {
        aws_iam_role: { R: { name: "r", assume_role_policy: "{}" } },
        aws_iam_role_policy_attachment: { A: { role: "${aws_iam_role.R.name}", policy_arn: arn } },
      },
    });
    const r = reviewOf({ resource: { aws_iam_role: { R: { name: "r", assume_role_policy: "{}" } } } }, attached("arn:aws:iam::aws:policy/AdministratorAccess"));
    expect(broadeningChanges(r)).toEqual([expect.stringMatching(/broadening: IAM policy attachments: \+ \| aws_iam_role_policy_attachment \| `role <aws_iam_role R>` \| `arn:aws:iam::aws:policy\/AdministratorAccess` at A in s$/)]);
    expect(section(renderReview(r), "### IAM policy attachments")).toMatch(
      /\| \+ \| aws_iam_role_policy_attachment \| `role <aws_iam_role R>` \| `arn:aws:iam::aws:policy\/AdministratorAccess` \| A in s \| ⚠️ broadening `[0-9a-f]{10}` \|/,
    );
    expect(broadeningChanges(reviewOf(attached("arn:aws:iam::aws:policy/ReadOnlyAccess"), attached("arn:aws:iam::aws:policy/AdministratorAccess")))).toHaveLength(1);
  });

  it("counts a GCP binding member added as broadening, one removed not", () => {
    const binding = (members: string[]) => ({
      resource: { google_storage_bucket_iam_binding: { B: { bucket: "b", role: "roles/storage.objectViewer", members } } },
    });
    const wider = reviewOf(binding(["user:a@example.com"]), binding(["user:a@example.com", "user:b@example.com"]));
    expect(wider.facts.filter((c) => c.broadening).map((c) => c.fact.section)).toEqual(["gcp-grants"]);
    expect(broadeningChanges(reviewOf(binding(["user:a@example.com", "user:b@example.com"]), binding(["user:a@example.com"])))).toEqual([]);
    const publicBucket = reviewOf(binding(["user:a@example.com"]), binding(["allUsers"]));
    expect(publicBucket.facts.filter((c) => c.broadening).map((c) => c.fact.section).sort()).toEqual(["gcp-grants", "public-exposure"]);
  });

  it("flags Cloud Run services whose invoker IAM check is turned off, and routes that lose their authorizer", () => {
    const service = (disabled: boolean) => ({ resource: { google_cloud_run_v2_service: { S: { name: "s", location: "europe-west1", ingress: "INGRESS_TRAFFIC_ALL", invoker_iam_disabled: disabled } } } });
    expect(broadeningChanges(reviewOf(service(false), service(true)))).toEqual([expect.stringContaining("Public exposure: + | google_cloud_run_v2_service | `invoker IAM check disabled`")]);
    const route = (auth: string) => ({ resource: { aws_apigatewayv2_route: { R: { api_id: "a", route_key: "GET /x", authorization_type: auth } } } });
    expect(broadeningChanges(reviewOf(route("JWT"), route("NONE")))).toEqual([expect.stringContaining("Public exposure: + | aws_apigatewayv2_route | `route GET /x without authorization`")]);
    expect(broadeningChanges(reviewOf(route("NONE"), route("JWT")))).toEqual([]);
  });
});

describe("replacement table", () => {
  it.each([
    ["aws_lambda_function", "function_name"],
    ["aws_iam_role", "name"],
    ["aws_cloudwatch_log_group", "name"],
    ["aws_sqs_queue", "name"],
    ["aws_security_group", "name"],
    ["aws_security_group", "description"],
    ["aws_security_group", "vpc_id"],
    ["aws_ecr_repository", "name"],
    ["aws_s3_bucket", "bucket"],
    ["aws_lambda_layer_version", "source_code_hash"],
    ["aws_lambda_layer_version", "compatible_runtimes"],
    ["aws_dynamodb_table", "name"],
    ["google_artifact_registry_repository", "repository_id"],
    ["google_artifact_registry_repository", "location"],
    ["google_artifact_registry_repository", "format"],
    ["google_artifact_registry_repository", "mode"],
    ["google_cloud_run_v2_service", "name"],
    ["google_cloud_run_v2_service", "location"],
    ["google_cloud_run_v2_service", "project"],
    ["google_service_account", "account_id"],
    ["google_service_account", "project"],
    ["google_cloud_run_v2_service_iam_member", "member"],
    ["aws_scheduler_schedule", "name"],
    ["aws_scheduler_schedule", "group_name"],
  ])("%s.%s forces a new resource", (type, argument) => {
    expect(forcesReplacement(type, [argument])).toBe(true);
  });

  it.each([
    ["aws_lambda_function", "memory_size"],
    ["aws_lambda_function", "depends_on"],
    ["aws_iam_role", "description"],
    ["aws_cloudwatch_log_group", "retention_in_days"],
    ["aws_lambda_layer_version", "skip_destroy"],
    ["aws_scheduler_schedule", "schedule_expression_timezone"],
    ["aws_scheduler_schedule", "target"],
    ["google_cloud_run_v2_service", "template"],
    ["google_cloud_run_v2_service", "ingress"],
    ["google_storage_bucket_iam_binding", "members"],
    ["aws_unknown_type", "name"],
  ])("%s.%s updates in place", (type, argument) => {
    expect(forcesReplacement(type, [argument])).toBe(false);
  });

  it("covers every resource type the project's constructs synthesize", () => {
    for (const type of ["aws_lambda_function", "aws_iam_role", "aws_iam_role_policy", "aws_cloudwatch_log_group", "aws_sqs_queue", "aws_lambda_permission", "aws_apigatewayv2_stage"]) {
      expect(FORCE_NEW[type]).toBeDefined();
    }
  });
});

describe("rule-pack findings", () => {
  it("keeps `[rule-id]` annotations new in head, once", () => {
    const known = { constructPath: "s/A", level: "@cdktf/warn", message: "[lambda-tracing] tracing is off" };
    const fresh = { constructPath: "s/B", level: "@cdktf/warn", message: "[lambda-tracing] tracing is off" };
    const plain = { constructPath: "s/B", level: "@cdktf/warn", message: "not from the rule pack" };
    expect(newFindings("s", [known], [known, fresh, fresh, plain])).toEqual([
      { stack: "s", level: "@cdktf/warn", rule: "lambda-tracing", constructPath: "s/B", message: "tracing is off", suppression: false },
    ]);
  });

  it("shows new suppressions as such, and gates only on warnings and errors", () => {
    const suppressed = { constructPath: "s/Api/Route", level: "@cdktf/info", message: "[api-route-authorization] suppressed at s/Api/Route: GET /hello is public on purpose" };
    const r = buildReview(output({}), output({}, [suppressed]));
    expect(r.findings).toEqual([expect.objectContaining({ rule: "api-route-authorization", suppression: true })]);
    expect(renderReview(r)).toContain("| suppressed | `api-route-authorization` | suppressed at s/Api/Route: GET /hello is public on purpose | Api/Route in s |");
    expect(newWarnings(r)).toEqual([]);
  });
});

describe("Markdown and Mermaid escaping", () => {
  it("keeps table cells intact", () => {
    expect(code("a|b")).toBe("`a\\|b`");
    expect(code("run `x`")).toBe("`` run `x` ``");
    expect(code("line1\nline2")).toBe("`line1⏎line2`");
    expect(code("x".repeat(400))).toHaveLength(302);
    expect(text("<b>*x*</b> | [y](z)")).toBe("&lt;b&gt;\\*x\\*&lt;/b&gt; \\| \\[y\\]\\(z\\)");
  });

  it("escapes Mermaid labels with entity codes", () => {
    expect(mermaidText('say "hi" <b> #1 & `x`')).toBe("say #quot;hi#quot; #lt;b#gt; #35;1 #amp; #96;x#96;");
  });

  it("renders references readably", () => {
    const index = new StackView(output({ resource: { aws_iam_role: { Role: { name: "r" } } } }).stacks.get("s")!);
    expect(index.readable("${aws_iam_role.Role.arn}/x")).toBe("<aws_iam_role Role>.arn/x");
    expect(index.readable("${var.unknown}")).toBe("${var.unknown}");
    expect(index.referencesIn({ a: ["${aws_iam_role.Role.arn}", "${aws_iam_role.Missing.arn}"] })).toEqual(["aws_iam_role.Role"]);
  });
});
