import { appOutdir, appStackJson } from "../../app-output";
import { startServe, type Serve } from "./serve-harness";

/**
 * aws-prod rolls its functions out (config: `deployment`): every route invokes a function's `live`
 * alias, and API Gateway's permission is on that alias. `npm run local` serves them as it serves
 * functions without one: the alias runs the function's zip.
 */
describe("npm run local: functions behind their live alias (aws-prod)", () => {
  let serve: Serve;
  beforeAll(async () => {
    serve = await startServe(["aws-prod", "--outdir", appOutdir()]);
  });
  afterAll(async () => {
    await serve?.stop();
  });

  test("the stack's routes invoke live aliases, with the permissions on them", () => {
    const tf = appStackJson("aws-prod");
    const integrations = Object.values<{ integration_uri: string }>(tf.resource.aws_apigatewayv2_integration);
    expect(integrations.length).toBeGreaterThan(0);
    for (const i of integrations) expect(i.integration_uri).toMatch(/^\$\{aws_lambda_alias\.[A-Za-z0-9_-]+\.invoke_arn\}$/);
    for (const p of Object.values<{ qualifier?: string }>(tf.resource.aws_lambda_permission)) expect(p.qualifier).toBe("live");
  });

  test("GET /hello runs the function through its alias: API Gateway's permission on the alias lets it", async () => {
    const response = await fetch(`${serve.apiUrl}/hello?name=Ada`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ message: "Hello, Ada!" });
    expect(serve.stderr()).toMatch(/^GET \/hello -> 200 \(svc-prod-hello, \d+ ms\)$/m);
  });
});
