import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, TerraformStack } from "cdktf";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { Bucket, Queue, Secret, ServerlessFunction, Table, Topic } from "../../modules/aws";
import { buildReview } from "../../scripts/review/build-review";
import { gateItems, renderReview } from "../../scripts/review/render";
import { loadSynthOutput } from "../../scripts/review/synth-output";
import { FIXTURES, section, tempOutdir } from "./review-fixtures";

/**
 * The data constructs (Table, Queue, Topic, Bucket, Secret) as the review reads them, synthesized
 * for real: every type they write is one the catalog describes (nothing "cannot verify"), and what
 * their grant methods add is compared statement by statement.
 */

interface Wiring {
  /** `grantReadWriteData` instead of `grantReadData` on the table. */
  readonly tableWrites?: boolean;
  /** The bucket read under this prefix; everywhere when undefined. */
  readonly bucketPrefix?: string;
  /** The topic delivers to the queue (`subscribeQueue`): the queue's policy lets the topic send. */
  readonly subscribed?: boolean;
  /** The function gets the secret in a variable (`secrets`). */
  readonly secret?: boolean;
}

function synth(wiring: Wiring): string {
  const outdir = tempOutdir("data");
  const app = new App({ outdir, stackTraces: false });
  const stack = new TerraformStack(app, "aws-data");
  new AwsProvider(stack, "aws", { region: "eu-west-1", allowedAccountIds: ["111111111111"] });
  const table = new Table(stack, "Orders", { tableName: "orders", partitionKey: { name: "id", type: "S" } });
  const queue = new Queue(stack, "Jobs", { queueName: "jobs" });
  const topic = new Topic(stack, "Events", { topicName: "events" });
  const bucket = new Bucket(stack, "Uploads", { bucketName: "svc-uploads-111111111111" });
  const secret = new Secret(stack, "ApiKey", { secretName: "svc/api-key" });
  const fn = new ServerlessFunction(stack, "Worker", {
    functionName: "svc-worker",
    codeDirectory: join(FIXTURES, "code"),
    ...(wiring.secret ? { secrets: { API_KEY: secret } } : {}),
  });
  if (wiring.tableWrites) table.grantReadWriteData(fn);
  else table.grantReadData(fn);
  bucket.grantRead(fn, wiring.bucketPrefix);
  queue.grantSend(fn);
  topic.grantPublish(fn);
  if (wiring.subscribed) topic.subscribeQueue(queue);
  app.synth();
  return outdir;
}

const dirs: string[] = [];
let base: string;
beforeAll(() => {
  base = synth({ bucketPrefix: "reports/" });
  dirs.push(base);
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const head = (wiring: Wiring) => {
  const dir = synth(wiring);
  dirs.push(dir);
  return buildReview(loadSynthOutput(base), loadSynthOutput(dir));
};

describe("review of the data constructs", () => {
  it("reads every block they write: from nothing, all of it is in the security section and nothing is 'cannot verify'", () => {
    const empty = tempOutdir("empty");
    dirs.push(empty);
    new App({ outdir: empty, stackTraces: false }).synth();
    const review = buildReview(loadSynthOutput(empty), loadSynthOutput(base));
    const markdown = renderReview(review);
    expect(markdown).not.toContain("### Cannot verify");
    expect(review.facts.filter((f) => f.fact.section === "cannot-verify")).toEqual([]);
    const iam = section(markdown, "### IAM statement changes");
    for (const action of ["dynamodb:GetItem", "s3:GetObject", "sqs:SendMessage", "sns:Publish"]) expect(iam).toContain(action);
    expect(gateItems(review).every((g) => g.kind === "broadening")).toBe(true);
  });

  it("Compliance: the same wiring again passes", () => {
    expect(gateItems(head({ bucketPrefix: "reports/" }))).toEqual([]);
  });

  it("Noncompliance: grantReadWriteData after grantReadData is broadening, with the write actions on the table", () => {
    const items = gateItems(head({ bucketPrefix: "reports/", tableWrites: true }));
    expect(items.map((i) => i.kind)).toEqual(["broadening"]);
    expect(items[0].text).toContain("dynamodb:PutItem");
    expect(items[0].text).toContain("Orders");
  });

  it("Noncompliance: a bucket read everywhere instead of under a prefix is broadening", () => {
    const items = gateItems(head({}));
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.kind === "broadening")).toBe(true);
    expect(items.some((i) => i.text.includes("s3:GetObject"))).toBe(true);
  });

  it("Noncompliance: a topic subscribed to the queue widens the queue's policy (the topic may send), shown as such", () => {
    const review = head({ bucketPrefix: "reports/", subscribed: true });
    const items = gateItems(review);
    expect(items.some((i) => i.kind === "broadening" && i.text.includes("sqs:SendMessage") && i.text.includes("sns.amazonaws.com"))).toBe(true);
    expect(review.facts.filter((f) => f.fact.section === "cannot-verify")).toEqual([]);
  });

  it("Noncompliance: a secret given to the function is a new grant on that secret", () => {
    const items = gateItems(head({ bucketPrefix: "reports/", secret: true }));
    expect(items.some((i) => i.kind === "broadening" && i.text.includes("secretsmanager:GetSecretValue"))).toBe(true);
  });
});
