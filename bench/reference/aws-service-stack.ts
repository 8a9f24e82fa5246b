// The project's AwsServiceStack (stacks/aws-service-stack.ts), resource for resource, in stock style.
import * as aws from "@cdktf/provider-aws";
import { AssetType, S3Backend, TerraformAsset, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import * as path from "path";
import { NodejsFunction } from "./nodejs-function";
import { defaultTags, EnvironmentSettings } from "./settings";

const LAMBDA_SRC = path.join(__dirname, "..", "..", "lambda-src");

const USER_ROUTES = [
  { name: "users-list", handler: "list", method: "GET", path: "/users", action: "dynamodb:Scan" },
  { name: "users-get", handler: "get", method: "GET", path: "/users/{id}", action: "dynamodb:GetItem" },
  { name: "users-create", handler: "create", method: "POST", path: "/users", action: "dynamodb:PutItem" },
  { name: "users-update", handler: "update", method: "PUT", path: "/users/{id}", action: "dynamodb:UpdateItem" },
  { name: "users-delete", handler: "remove", method: "DELETE", path: "/users/{id}", action: "dynamodb:DeleteItem" },
];

export class AwsServiceStack extends TerraformStack {
  constructor(scope: Construct, id: string, env: EnvironmentSettings) {
    super(scope, id);
    const name = (suffix: string) => `${env.project}-${env.name}-${suffix}`;

    new aws.provider.AwsProvider(this, "aws", {
      region: env.region,
      allowedAccountIds: [env.accountId],
      defaultTags: [{ tags: defaultTags(env) }],
    });
    new S3Backend(this, {
      bucket: env.stateBucket,
      region: env.stateRegion,
      key: `${env.project}/${env.name}/${id}.tfstate`,
      encrypt: true,
    });
    this.addOverride("terraform.backend.s3.use_lockfile", true);

    const layerAsset = new TerraformAsset(this, "SharedLayerCode", {
      path: path.join(LAMBDA_SRC, "layers", "shared"),
      type: AssetType.ARCHIVE,
    });
    const layer = new aws.lambdaLayerVersion.LambdaLayerVersion(this, "SharedLayer", {
      layerName: name("shared"),
      description: "Response, body parsing and logging helpers shared by the handlers",
      filename: layerAsset.path,
      sourceCodeHash: layerAsset.assetHash,
      compatibleRuntimes: ["nodejs22.x"],
      compatibleArchitectures: ["arm64"],
    });

    const table = new aws.dynamodbTable.DynamodbTable(this, "UsersTable", {
      name: name("users"),
      billingMode: "PAY_PER_REQUEST",
      hashKey: "id",
      attribute: [{ name: "id", type: "S" }],
      serverSideEncryption: { enabled: true },
      pointInTimeRecovery: { enabled: true },
      deletionProtectionEnabled: env.name === "prod",
    });

    let vpc: { subnetIds: string[]; securityGroupIds: string[] } | undefined;
    if (env.vpc) {
      const sg = new aws.securityGroup.SecurityGroup(this, "LambdaSecurityGroup", {
        name: name("lambda"),
        description: `Egress-only security group of the ${env.name} Lambda functions`,
        vpcId: env.vpc.vpcId,
      });
      new aws.vpcSecurityGroupEgressRule.VpcSecurityGroupEgressRule(this, "LambdaSecurityGroupEgress", {
        securityGroupId: sg.id,
        description: "Outbound IPv4 traffic to AWS APIs and dependencies",
        ipProtocol: "-1",
        cidrIpv4: "0.0.0.0/0",
      });
      vpc = { subnetIds: env.vpc.subnetIds, securityGroupIds: [sg.id] };
    }

    const common = {
      memorySize: env.memorySize,
      timeout: env.timeout,
      tracing: env.tracing,
      reservedConcurrency: env.reservedConcurrency,
      logRetentionDays: env.logRetentionDays,
      layers: [layer.arn],
      vpc,
    };

    const hello = new NodejsFunction(this, "Hello", {
      ...common,
      functionName: name("hello"),
      description: "Says hello",
      entry: path.join(LAMBDA_SRC, "hello", "index.ts"),
    });
    const users = USER_ROUTES.map(
      (route) =>
        new NodejsFunction(this, route.name, {
          ...common,
          functionName: name(route.name),
          description: `${route.method} ${route.path}`,
          entry: path.join(LAMBDA_SRC, "users", "index.ts"),
          handler: `index.${route.handler}`,
          environment: { USERS_TABLE_NAME: table.name },
          statements: [{ effect: "Allow", actions: [route.action], resources: [table.arn] }],
        }),
    );

    const api = new aws.apigatewayv2Api.Apigatewayv2Api(this, "Api", {
      name: name("api"),
      description: "Sample service API",
      protocolType: "HTTP",
      corsConfiguration: env.corsAllowOrigins
        ? {
            allowOrigins: env.corsAllowOrigins,
            allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
            allowHeaders: ["content-type", "authorization"],
            allowCredentials: false,
            maxAge: 300,
          }
        : undefined,
    });
    const accessLogs = new aws.cloudwatchLogGroup.CloudwatchLogGroup(this, "ApiAccessLogs", {
      name: `/aws/http-api/${name("api")}/access`,
      retentionInDays: env.logRetentionDays,
    });
    const stage = new aws.apigatewayv2Stage.Apigatewayv2Stage(this, "ApiStage", {
      apiId: api.id,
      name: "$default",
      autoDeploy: true,
      accessLogSettings: {
        destinationArn: accessLogs.arn,
        format: JSON.stringify({ requestId: "$context.requestId", routeKey: "$context.routeKey", status: "$context.status" }),
      },
      defaultRouteSettings: { throttlingBurstLimit: 100, throttlingRateLimit: 50 },
    });

    const routes = [
      { method: "GET", path: "/hello", target: hello, authorization: "NONE" },
      ...USER_ROUTES.map((route, i) => ({ method: route.method, path: route.path, target: users[i], authorization: "AWS_IAM" })),
    ];
    routes.forEach((route, i) => {
      const integration = new aws.apigatewayv2Integration.Apigatewayv2Integration(this, `ApiIntegration${i}`, {
        apiId: api.id,
        integrationType: "AWS_PROXY",
        integrationMethod: "POST",
        integrationUri: route.target.fn.invokeArn,
        payloadFormatVersion: "2.0",
      });
      new aws.apigatewayv2Route.Apigatewayv2Route(this, `ApiRoute${i}`, {
        apiId: api.id,
        routeKey: `${route.method} ${route.path}`,
        target: `integrations/${integration.id}`,
        authorizationType: route.authorization,
      });
      new aws.lambdaPermission.LambdaPermission(this, `ApiInvokePermission${i}`, {
        statementId: `AllowHttpApi${i}`,
        action: "lambda:InvokeFunction",
        functionName: route.target.fn.functionName,
        principal: "apigateway.amazonaws.com",
        sourceArn: `${api.executionArn}/*/${route.method}${route.path}`,
      });
    });

    const report = new NodejsFunction(this, "UsersReport", {
      ...common,
      functionName: name("users-report"),
      description: "Nightly count of users, logged for the dashboard",
      entry: path.join(LAMBDA_SRC, "report", "index.ts"),
      timeout: 60,
      environment: { USERS_TABLE_NAME: table.name },
      statements: [{ effect: "Allow", actions: ["dynamodb:Scan"], resources: [table.arn] }],
      deadLetterQueue: env.deadLetterQueue,
    });
    // EventBridge Scheduler runs the report as a role that may invoke it and nothing else.
    const schedulerTrust = new aws.dataAwsIamPolicyDocument.DataAwsIamPolicyDocument(this, "NightlyReportTrust", {
      statement: [{ effect: "Allow", actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["scheduler.amazonaws.com"] }] }],
    });
    const schedulerRole = new aws.iamRole.IamRole(this, "NightlyReportRole", {
      name: name("users-report-schedule"),
      assumeRolePolicy: schedulerTrust.json,
    });
    const invoke = new aws.dataAwsIamPolicyDocument.DataAwsIamPolicyDocument(this, "NightlyReportInvoke", {
      statement: [{ effect: "Allow", actions: ["lambda:InvokeFunction"], resources: [report.fn.arn] }],
    });
    new aws.iamRolePolicy.IamRolePolicy(this, "NightlyReportRolePolicy", { role: schedulerRole.id, name: "invoke", policy: invoke.json });
    new aws.schedulerSchedule.SchedulerSchedule(this, "NightlyReportSchedule", {
      name: name("users-report"),
      description: "Runs the users report every night",
      scheduleExpression: "cron(0 3 * * ? *)",
      flexibleTimeWindow: { mode: "OFF" },
      target: { arn: report.fn.arn, roleArn: schedulerRole.arn },
    });

    new TerraformOutput(this, "api_url", { value: stage.invokeUrl, description: "Base URL of the HTTP API" });
    new TerraformOutput(this, "users_table", { value: table.name });
  }
}
