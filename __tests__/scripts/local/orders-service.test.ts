import { GetItemCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { PutSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { Testing } from "cdktf";
import { rmSync } from "node:fs";
import { loadConfig } from "../../../config/load";
import { OrdersServiceStack } from "../../../examples/orders-service/stack";
import { AwsDeployerStack } from "../../../stacks/aws-deployer-stack";
import { eventually, startServe, type Serve } from "./serve-harness";

/** The service's names in dev: `<project>-dev-orders-<name>`. */
const n = (name: string) => `svc-dev-orders-${name}`;

/**
 * examples/orders-service (every resource from the data constructs: Table, Queue, Topic, Bucket,
 * Secret) run locally, driven only by the plain AWS SDK and HTTP against what `serve` prints.
 */
describe("npm run local: examples/orders-service end to end", () => {
  // With dev's deployer identity stack: its roles carry dev's permissions boundary, which that stack
  // holds, and every call is judged by it too, as AWS would.
  const app = Testing.app();
  new OrdersServiceStack(app, "orders-service", { config: loadConfig("dev") });
  new AwsDeployerStack(app, "deployer-aws-dev", { config: loadConfig("dev") });
  app.synth();
  const outdir = app.outdir;
  let serve: Serve;
  beforeAll(async () => {
    serve = await startServe(["orders-service", "--outdir", outdir]);
  });
  afterAll(async () => {
    await serve?.stop();
    rmSync(outdir, { recursive: true, force: true });
  });

  test("nothing of the stack is left out: no type is listed as not emulated", () => {
    expect(serve.stderr()).not.toMatch(/not emulated/);
  });

  test("the authorizer reads the API key from its Secret: refused before the key is put, a wrong key is 403, the right one places an order the worker confirms", async () => {
    const url = `${serve.apiUrl}/orders`;
    const body = JSON.stringify({ customerId: "ada", totalCents: 1200 });
    const before = await fetch(url, { method: "POST", headers: { "x-api-key": "k-123" }, body });
    expect([before.status, await before.json()]).toEqual([500, { message: "Internal Server Error" }]);
    expect(serve.stderr()).toMatch(/authorizer svc-dev-orders-authorizer failed: ResourceNotFoundException: Secrets Manager can't find the specified secret value for staging label: AWSCURRENT/);
    await new SecretsManagerClient(serve.client).send(new PutSecretValueCommand({ SecretId: "svc/dev/orders/api-key", SecretString: "k-123" }));
    // The failed first call left no cached decision (AWS caches only answers).
    const wrong = await fetch(url, { method: "POST", headers: { "x-api-key": "guess" }, body });
    expect(wrong.status).toBe(403);
    const placed = await fetch(url, { method: "POST", headers: { "x-api-key": "k-123" }, body });
    expect(placed.status).toBe(201);
    const { id } = (await placed.json()) as { id: string };
    const confirmed = await eventually(async () => {
      const item = (await new DynamoDBClient(serve.client).send(new GetItemCommand({ TableName: n("orders"), Key: { id: { S: id } } }))).Item;
      return item?.status.S === "CONFIRMED" ? item : undefined;
    }, "the order confirmed by the worker");
    expect(confirmed).toMatchObject({ customerId: { S: "ada" }, totalCents: { N: "1200" } });
  });

  test("on stop, nothing was refused and the authorizer's secret read is a used grant", async () => {
    expect(await serve.stop()).toBe(0);
    const report = serve.stdout().slice(serve.stdout().indexOf("least-privilege report"));
    expect(report).toMatch(new RegExp(`  ${n("authorizer")}\\n {4}used {5}secretsmanager:GetSecretValue on arn:aws:secretsmanager:eu-west-1:111111111111:secret:svc/dev/orders/api-key-000000`));
    expect(serve.stderr()).not.toMatch(/REFUSED/);
  });
});
