import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { App, TerraformStack } from "cdktf";
import { join } from "node:path";
import { HttpApi, ServerlessFunction, type ServerlessFunctionProps } from "../../modules/aws";
import { CloudRunService, useAlarmChannel, type CloudRunServiceProps } from "../../modules/gcp";
import { buildReview } from "../../scripts/review/build-review";
import { renderReview } from "../../scripts/review/render";
import { loadSynthOutput } from "../../scripts/review/synth-output";
import { FIXTURES, section, tableRows, tempOutdir } from "./review-fixtures";

const CODE = join(FIXTURES, "code");
const IMAGE = "europe-west1-docker.pkg.dev/acme/svc/backend:1.0.0";
const CHANNEL = "projects/acme-svc-prod/notificationChannels/123";

interface Side {
  readonly fn?: Partial<ServerlessFunctionProps>;
  readonly api?: boolean;
  readonly service?: Partial<CloudRunServiceProps>;
}

/**
 * Two stacks of one environment synthesized for real with the public API (the environment is not
 * declared, so both are watched as the strictest one): a function behind an HTTP API, and a Cloud
 * Run service.
 */
function synth(side: Side, env = "prod"): string {
  const outdir = tempOutdir("delivery");
  const app = new App({ outdir, stackTraces: false });
  const aws = new TerraformStack(app, `aws-${env}`);
  new AwsProvider(aws, "aws", { region: "eu-west-1", allowedAccountIds: ["111122223333"] });
  const hello = new ServerlessFunction(aws, "Hello", { functionName: `svc-${env}-hello`, codeDirectory: CODE, ...side.fn });
  if (side.api !== false) new HttpApi(aws, "Api", { apiName: `svc-${env}-api`, routes: [{ method: "GET", path: "/hello", target: hello }] });
  const gcp = new TerraformStack(app, `gcp-${env}`);
  new GoogleProvider(gcp, "google", { project: "acme-svc-prod", region: "europe-west1" });
  useAlarmChannel(gcp, { notificationChannel: CHANNEL });
  new CloudRunService(gcp, "Backend", { serviceName: `svc-${env}-backend`, location: "europe-west1", image: IMAGE, ...side.service });
  app.synth();
  return outdir;
}

function deliverySection(base: Side, head: Side): { markdown: string; rows: string[][] } {
  const review = buildReview(loadSynthOutput(synth(base), "base"), loadSynthOutput(synth(head), "head"));
  const markdown = section(renderReview(review, { diagrams: false }), "## Rollouts and alarms");
  return { markdown, rows: tableRows(markdown) };
}

describe("npm run review: rollouts and alarms in a section of their own", () => {
  // Rollouts first, then alarms; removed, then changed, then added.
  test("a function that starts rolling out, a tuned alarm, an alarm turned off, a Cloud Run split: one line each, before and after", () => {
    const { rows } = deliverySection(
      { service: { rollout: { percent: 10, tag: "canary" } } },
      {
        fn: { deployment: { strategy: "canary", percent: 20, intervalMinutes: 10 }, alarms: { errors: { threshold: 5 }, iteratorAge: false } },
        service: { rollout: { percent: 100 }, alarms: { latency: false } },
      },
    );
    expect(rows).toEqual([
      ["~ changed", "rollout", "`svc-prod-backend`", "Cloud Run traffic: 10% to the new revision \\(tag canary\\), the rest on the previous one", "Cloud Run traffic: all of it to the new revision, pinned by name", "gcp-prod"],
      [
        "+ added",
        "rollout",
        "`svc-prod-hello`",
        "—",
        "Lambda alias through CodeDeploy, canary: 20% then the rest after 10 min; rolls back on svc-prod-hello-errors, svc-prod-hello-throttles, svc-prod-hello-duration",
        "aws-prod",
      ],
      ["- removed", "alarm", "`svc-prod-backend: latency p99 above 240000 ms`", expect.stringContaining("run.googleapis.com/request\\_latencies ALIGN\\_PERCENTILE\\_99 &gt; 240000 per 60s"), "—", "gcp-prod"],
      [
        "~ changed",
        "alarm",
        "`svc-prod-hello-errors`",
        "AWS/Lambda Errors \\(FunctionName=svc-prod-hello\\) Sum &gt;= 1, 1 of 1 × 60 s, missing data notBreaching",
        "AWS/Lambda Errors \\(FunctionName=svc-prod-hello\\) Sum &gt;= 5, 1 of 1 × 60 s, missing data notBreaching",
        "aws-prod",
      ],
    ]);
  });

  test("a rollout and the alarms removed say so: what they watched is no longer watched", () => {
    const { markdown, rows } = deliverySection({ fn: { deployment: { strategy: "linear", percent: 10, intervalMinutes: 1 } } }, { fn: { alarms: { enabled: false, reason: "the function is retired this week with its route" } }, api: false });
    expect(markdown).toContain("removed: what they watched is no longer watched");
    expect(rows.filter((r) => r[0] === "- removed").map((r) => `${r[1]} ${r[2]} ${r[3].split("; rolls back")[0]}`)).toEqual([
      "rollout `svc-prod-hello` Lambda alias through CodeDeploy, linear: 10% more every 1 min",
      "alarm `svc-prod-api-5xx` AWS/ApiGateway 5xx \\(ApiId=aws\\_apigatewayv2\\_api Api/Api\\) Sum &gt;= 1, 1 of 1 × 60 s, missing data notBreaching",
      "alarm `svc-prod-api-latency` AWS/ApiGateway Latency \\(ApiId=aws\\_apigatewayv2\\_api Api/Api\\) p99 &gt;= 8000, 1 of 1 × 60 s, missing data notBreaching",
      "alarm `svc-prod-hello-duration` AWS/Lambda Duration \\(FunctionName=svc-prod-hello\\) p99 &gt;= 8000, 1 of 1 × 60 s, missing data notBreaching",
      "alarm `svc-prod-hello-errors` AWS/Lambda Errors \\(FunctionName=svc-prod-hello\\) Sum &gt;= 1, 1 of 1 × 60 s, missing data notBreaching",
      "alarm `svc-prod-hello-throttles` AWS/Lambda Throttles \\(FunctionName=svc-prod-hello\\) Sum &gt;= 1, 1 of 1 × 60 s, missing data notBreaching",
    ]);
  });

  test("nothing about delivery changed: no section", () => {
    expect(deliverySection({ fn: { memorySize: 256 } }, { fn: { memorySize: 512 } }).markdown).toBe("");
  });
});
