// Benchmark app: ONE stack with N functions, written only from the public API of DESIGN.md
// (ServerlessFunction, HttpApi, LambdaLayer), all behind one HTTP API (`GET /fn<i>/{id}`).
//
//   BENCH_FUNCTIONS      N (default 100)
//   BENCH_ENTRIES_DIR    a folder of fn0.ts .. fn<N-1>.ts, one distinct entry per function (worst
//                        case; scripts/bench.ts generates it under bench/.work/). Without it, the
//                        functions share the five entries of bench/scale/handlers/ round-robin, as
//                        real services share entries.
//
// Run it with the project's runner: `CDKTF_OUTDIR=... node --require tsx/cjs bench/scale/main.ts`.
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { join } from "node:path";
import { HttpApi, LambdaLayer, ServerlessFunction, type ServerlessFunctionProps } from "../../modules/aws";
import { declareEnvironment } from "../../modules/core/environment-traits";
import { applyRulePack } from "../../modules/core/rule-pack";

const SHARED_ENTRIES = ["orders", "payments", "profiles", "search", "notify"].map((name) => join(__dirname, "handlers", `${name}.ts`));
const SUBNETS = ["subnet-0be4c40000000001", "subnet-0be4c40000000002"];
const VPC_ID = "vpc-0be4c400000000001";

export class ScaleStack extends TerraformStack {
  constructor(scope: Construct, id: string, count: number, entriesDir?: string) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: "eu-west-1", defaultTags: [{ tags: { Project: "bench", ManagedBy: "cdktf" } }] });

    const layer = new LambdaLayer(this, "SharedLayer", {
      layerName: "bench-shared",
      directory: join(__dirname, "layer"),
      compatibleRuntimes: ["nodejs22.x"],
      compatibleArchitectures: ["arm64"],
    });

    const functions: ServerlessFunction[] = [];
    for (let i = 0; i < count; i++) {
      const entry = entriesDir ? join(entriesDir, `fn${i}.ts`) : SHARED_ENTRIES[i % SHARED_ENTRIES.length];
      const table = `arn:aws:dynamodb:eu-west-1:111111111111:table/bench-${i % 5}`;
      const props: ServerlessFunctionProps = {
        functionName: `bench-fn${i}`,
        description: `Benchmark function ${i}`,
        entry,
        memorySize: 128 * (1 + (i % 8)),
        timeout: 5 + (i % 20),
        environment: { TABLE_NAME: `bench-${i % 5}`, FUNCTION_INDEX: String(i) },
        layers: [layer],
        bundlingExternalModules: ["bench-util"],
        policyStatements: [
          { actions: ["dynamodb:GetItem", "dynamodb:Query"], resources: [table, `${table}/index/*`] },
          ...(i % 3 === 0 ? [{ actions: ["s3:GetObject"], resources: [`arn:aws:s3:::bench-assets-${i % 4}/*`] }] : []),
        ],
        tags: { Team: `team-${i % 7}`, Service: `fn${i}` },
        tracing: i % 2 === 0,
        // One in four in a VPC: half of those with a security group of their own (from vpcId).
        vpc: i % 8 === 0 ? { subnetIds: SUBNETS, vpcId: VPC_ID } : i % 8 === 4 ? { subnetIds: SUBNETS, securityGroupIds: ["sg-0be4c400000000001"] } : undefined,
      };
      functions.push(new ServerlessFunction(this, `Fn${i}`, props));
    }

    const api = new HttpApi(this, "Api", {
      apiName: "bench-api",
      routes: functions.map((target, i) => ({ method: "GET" as const, path: `/fn${i}/{id}`, target })),
    });
    new TerraformOutput(this, "api_url", { value: api.url });
    // As every stack of a real app: the runner refuses a stack without one. dev: findings are warnings.
    // Declared as config/dev.ts declares dev (findings warn): the bench measures synth, not findings.
    declareEnvironment("dev", { protected: false, rulePackSeverity: "warn" });
    applyRulePack(this, { environment: "dev", log: () => undefined });
  }
}

const count = Number(process.env.BENCH_FUNCTIONS ?? "100");
if (!Number.isInteger(count) || count < 1) throw new Error(`BENCH_FUNCTIONS must be a positive integer, got ${process.env.BENCH_FUNCTIONS}`);
const app = new App({ stackTraces: false });
new ScaleStack(app, "scale", count, process.env.BENCH_ENTRIES_DIR || undefined);
app.synth();
