import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { join } from "node:path";
import type { EnvironmentConfig } from "../config/load";
import { EgressOnlySecurityGroup, HttpApi, LambdaLayer, ServerlessFunction, Table, type ServerlessFunctionProps } from "../modules/aws";
import { resourceName } from "../modules/core/naming";
import { awsProvider } from "./aws-provider";
import { awsRegionalStack } from "./regions";
import { ServiceStack } from "./service-stack";

export interface AwsServiceStackProps {
  readonly config: EnvironmentConfig;
  /**
   * Which of the environment's regions (`aws.region` or one of `aws.additionalRegions`) the stack is
   * for; outside the primary region, names carry the region. @default the primary region
   */
  readonly region?: string;
}

const LAMBDA_SRC = join(__dirname, "..", "lambda-src");

/** The users CRUD routes: one bundle, one function per route, each allowed one DynamoDB action. */
const USER_ROUTES = [
  { name: "users-list", handler: "list", method: "GET", path: "/users", action: "dynamodb:Scan" },
  { name: "users-get", handler: "get", method: "GET", path: "/users/{id}", action: "dynamodb:GetItem" },
  { name: "users-create", handler: "create", method: "POST", path: "/users", action: "dynamodb:PutItem" },
  { name: "users-update", handler: "update", method: "PUT", path: "/users/{id}", action: "dynamodb:UpdateItem" },
  { name: "users-delete", handler: "remove", method: "DELETE", path: "/users/{id}", action: "dynamodb:DeleteItem" },
] as const;

/**
 * The sample service on AWS for one environment: an HTTP API (`GET /hello` and users CRUD) on
 * Lambda with a shared layer, a DynamoDB table, a nightly report run asynchronously (with its
 * dead-letter queue), in the VPC where the environment has one, with S3 remote state.
 */
export class AwsServiceStack extends ServiceStack {
  public readonly api: HttpApi;

  constructor(scope: Construct, id: string, props: AwsServiceStackProps) {
    const { config } = props;
    const regional = awsRegionalStack(config, props.region, scope.node.path ? `${scope.node.path}/${id}` : id);
    super(scope, id, config, {
      provider: (stack) => awsProvider(stack, config, regional.region),
      state: { type: "s3", bucket: config.aws.stateBucket, region: config.aws.stateRegion },
      suppressions: [
        // The route's exact construct id: a glob (Route-GET_hello-*) would also cover GET /hello/ and the like.
        { ruleId: "api-route-authorization", path: "Api/Route-GET_hello-f2a46b", reason: "GET /hello is a public greeting that reads no data." },
      ],
    });
    const env = config.environment;
    const name = (suffix: string) => resourceName(config.project.name, regional.nameScope, suffix);

    const sharedLayer = new LambdaLayer(this, "SharedLayer", {
      layerName: name("shared"),
      description: "Response, body parsing and logging helpers shared by the handlers",
      directory: join(LAMBDA_SRC, "layers", "shared"),
      compatibleRuntimes: ["nodejs22.x"],
      compatibleArchitectures: ["arm64"],
    });

    // Deletion protection follows the environment's protected trait; the table keeps its address.
    const usersTable = new Table(this, "UsersTable", { tableName: name("users"), partitionKey: { name: "id", type: "S" } });

    const vpc = regional.vpc
      ? {
          subnetIds: regional.vpc.subnetIds,
          securityGroupIds: [
            new EgressOnlySecurityGroup(this, "LambdaSecurityGroup", {
              name: name("lambda"),
              description: `Egress-only security group of the ${env} Lambda functions`,
              vpcId: regional.vpc.vpcId,
            }).securityGroupId,
          ],
        }
      : undefined;

    const common: Omit<ServerlessFunctionProps, "functionName"> = {
      memorySize: config.aws.functions.memorySize,
      timeout: config.aws.functions.timeout,
      tracing: config.aws.functions.tracing,
      reservedConcurrency: config.aws.functions.reservedConcurrency,
      logRetentionDays: config.aws.logRetentionDays,
      layers: [sharedLayer],
      bundlingExternalModules: ["@svc/shared"],
      vpc,
    };

    const hello = new ServerlessFunction(this, "Hello", {
      ...common,
      functionName: name("hello"),
      description: "Says hello",
      entry: join(LAMBDA_SRC, "hello", "index.ts"),
    });

    const userFunctions = USER_ROUTES.map(
      (route) =>
        new ServerlessFunction(this, route.name, {
          ...common,
          functionName: name(route.name),
          description: `${route.method} ${route.path}`,
          entry: join(LAMBDA_SRC, "users", "index.ts"),
          handler: route.handler,
          environment: { USERS_TABLE_NAME: usersTable.name },
          // One action per route: narrower than grantReadData/grantWriteData, still on the table's own ARN.
          policyStatements: [{ actions: [route.action], resources: [usersTable.arn] }],
        }),
    );

    this.api = new HttpApi(this, "Api", {
      apiName: name("api"),
      description: "Sample service API",
      routes: [
        { method: "GET", path: "/hello", target: hello },
        // Users data is for the service's own callers: SigV4-signed requests allowed by their IAM policy.
        ...USER_ROUTES.map((route, i) => ({
          method: route.method,
          path: route.path,
          target: userFunctions[i],
          authorization: "AWS_IAM" as const,
        })),
      ],
      cors: config.aws.corsAllowOrigins ? { allowOrigins: config.aws.corsAllowOrigins } : undefined,
      accessLogRetentionDays: config.aws.logRetentionDays,
    });

    this.nightlyReport(config, common, usersTable, name);

    new TerraformOutput(this, "api_url", { value: this.api.url, description: "Base URL of the HTTP API" });
    new TerraformOutput(this, "users_table", { value: usersTable.name });
  }

  /** An asynchronously invoked function: the one place where a dead-letter queue catches failures. */
  private nightlyReport(
    config: EnvironmentConfig,
    common: Omit<ServerlessFunctionProps, "functionName">,
    usersTable: Table,
    name: (suffix: string) => string,
  ): ServerlessFunction {
    return new ServerlessFunction(this, "UsersReport", {
      ...common,
      functionName: name("users-report"),
      description: "Nightly count of users, logged for the dashboard",
      entry: join(LAMBDA_SRC, "report", "index.ts"),
      timeout: 60,
      environment: { USERS_TABLE_NAME: usersTable.name },
      policyStatements: [{ actions: ["dynamodb:Scan"], resources: [usersTable.arn] }],
      deadLetterQueue: config.aws.functions.deadLetterQueue,
      // Every night at 03:00 UTC. Named, so that changing the hour updates the schedule in place.
      events: [{ type: "schedule", id: "nightly", expression: "cron(0 3 * * ? *)" }],
    });
  }
}
