// A Lambda function written the way the cdktf docs and examples do it: the provider barrel, one
// esbuild call per function into a `dist` folder, and a cdktf ARCHIVE asset over that folder
// (cdktf zips it at synth, in a child `node` process per asset, and hashes it with MD5).
import * as aws from "@cdktf/provider-aws";
import { AssetType, TerraformAsset, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { buildSync } from "esbuild";
import * as os from "os";
import * as path from "path";

/** Where the per-function bundles go before cdktf archives them (removed after synth by main.ts). */
export const BUILD_ROOT = path.join(os.tmpdir(), `cdktf-reference-dist-${process.pid}`);

export interface NodejsFunctionProps {
  functionName: string;
  description?: string;
  entry: string;
  handler?: string;
  memorySize: number;
  timeout: number;
  tracing: boolean;
  reservedConcurrency?: number;
  logRetentionDays: number;
  layers?: string[];
  environment?: { [key: string]: string };
  vpc?: { subnetIds: string[]; securityGroupIds: string[] };
  deadLetterQueue?: boolean;
  /** Extra statements of the execution policy. */
  statements?: aws.dataAwsIamPolicyDocument.DataAwsIamPolicyDocumentStatement[];
}

export class NodejsFunction extends Construct {
  public readonly fn: aws.lambdaFunction.LambdaFunction;

  constructor(scope: Construct, id: string, props: NodejsFunctionProps) {
    super(scope, id);

    const dist = path.join(BUILD_ROOT, TerraformStack.of(this).node.id, id);
    buildSync({
      entryPoints: [props.entry],
      bundle: true,
      minify: true,
      platform: "node",
      target: "node22",
      format: "cjs",
      outfile: path.join(dist, "index.js"),
      external: ["@aws-sdk/*", "@svc/shared"],
    });
    const asset = new TerraformAsset(this, "Code", { path: dist, type: AssetType.ARCHIVE });

    const logGroup = new aws.cloudwatchLogGroup.CloudwatchLogGroup(this, "LogGroup", {
      name: `/aws/lambda/${props.functionName}`,
      retentionInDays: props.logRetentionDays,
    });

    const dlq = props.deadLetterQueue
      ? new aws.sqsQueue.SqsQueue(this, "DeadLetterQueue", {
          name: `${props.functionName}-dlq`,
          messageRetentionSeconds: 14 * 24 * 3600,
          sqsManagedSseEnabled: true,
        })
      : undefined;

    const trust = new aws.dataAwsIamPolicyDocument.DataAwsIamPolicyDocument(this, "TrustPolicy", {
      statement: [
        {
          effect: "Allow",
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["lambda.amazonaws.com"] }],
        },
      ],
    });
    const role = new aws.iamRole.IamRole(this, "Role", {
      name: `${props.functionName}-role`,
      assumeRolePolicy: trust.json,
    });

    const statements: aws.dataAwsIamPolicyDocument.DataAwsIamPolicyDocumentStatement[] = [
      { effect: "Allow", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${logGroup.arn}:*`] },
    ];
    if (props.vpc) {
      statements.push({
        effect: "Allow",
        actions: [
          "ec2:CreateNetworkInterface",
          "ec2:DescribeNetworkInterfaces",
          "ec2:DescribeSubnets",
          "ec2:DeleteNetworkInterface",
          "ec2:AssignPrivateIpAddresses",
          "ec2:UnassignPrivateIpAddresses",
        ],
        resources: ["*"],
      });
    }
    if (props.tracing) {
      statements.push({ effect: "Allow", actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resources: ["*"] });
    }
    if (dlq) statements.push({ effect: "Allow", actions: ["sqs:SendMessage"], resources: [dlq.arn] });
    statements.push(...(props.statements ?? []));
    const policyDocument = new aws.dataAwsIamPolicyDocument.DataAwsIamPolicyDocument(this, "PolicyDocument", { statement: statements });
    const policy = new aws.iamRolePolicy.IamRolePolicy(this, "Policy", {
      name: "execution",
      role: role.id,
      policy: policyDocument.json,
    });

    this.fn = new aws.lambdaFunction.LambdaFunction(this, "Function", {
      functionName: props.functionName,
      description: props.description,
      role: role.arn,
      filename: asset.path,
      sourceCodeHash: asset.assetHash,
      handler: props.handler ?? "index.handler",
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      memorySize: props.memorySize,
      timeout: props.timeout,
      environment: props.environment ? { variables: props.environment } : undefined,
      vpcConfig: props.vpc,
      layers: props.layers,
      tracingConfig: { mode: props.tracing ? "Active" : "PassThrough" },
      deadLetterConfig: dlq ? { targetArn: dlq.arn } : undefined,
      reservedConcurrentExecutions: props.reservedConcurrency,
      loggingConfig: { logFormat: "Text", logGroup: logGroup.name },
      dependsOn: [logGroup, policy],
    });
  }
}
