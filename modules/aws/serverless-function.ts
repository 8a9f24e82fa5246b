import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { LambdaAlias } from "@cdktf/provider-aws/lib/lambda-alias";
import { LambdaFunction, type LambdaFunctionConfig } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaProvisionedConcurrencyConfig } from "@cdktf/provider-aws/lib/lambda-provisioned-concurrency-config";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { boundedName } from "../core/naming";
import { PackageStore } from "../core/packaging/package-store";
import { EgressOnlySecurityGroup } from "./egress-only-security-group";
import { checkHandlerExport } from "./handler-export";
import { ExecutionRole, executionRoleName } from "./execution-role";
import { loggingConfig } from "./function-logging";
import { packageDirectory, packageEntry, type FunctionPackage } from "./function-package";
import { functionVariables, grantSecrets } from "./function-secrets";
import { DEFAULT_RUNTIME, DEFAULT_TIMEOUT_SECONDS, esbuildTarget } from "./lambda-limits";
import type { PolicyStatement } from "../core/policy/policy-statement";
import { bindTriggers, validateAddedStatements } from "./serverless-function-triggers";
import { SERVERLESS_FUNCTION_PROPS, type ServerlessFunctionProps } from "./serverless-function-props";
import { useRelativeLocalState } from "../core/relative-local-state";

export type { ServerlessFunctionProps, ServerlessFunctionVpcProps } from "./serverless-function-props";
export type { AsyncInvokeProps } from "./async-invoke";
export type { FunctionUrlProps, FunctionUrlCorsProps } from "./function-url";
export type * from "./events";

const DEFAULT_MEMORY_MB = 256;
const DEFAULT_LOG_RETENTION_DAYS = 30;
const DLQ_RETENTION_SECONDS = 14 * 24 * 3600;
const LIVE_ALIAS = "live";

/**
 * One Lambda function with everything it needs: its code package, a log group created before it,
 * its own execution role with a computed least-privilege policy, and, when asked, a VPC security
 * group, a dead-letter queue, tracing and concurrency settings.
 */
export class ServerlessFunction extends Construct {
  public readonly functionName: string;
  public readonly functionArn: string;
  /** ARN API Gateway invokes: the `live` alias when provisioned concurrency is on. */
  public readonly invokeArn: string;
  public readonly roleArn: string;
  public readonly logGroupName: string;
  /** The alias name that callers must invoke (`live`), when the function has one. */
  public readonly qualifier?: string;
  /** Timeout in seconds, as configured (so `HttpApi` can check it against its own limit). */
  public readonly timeout: number;
  /** The deployment package, for zip functions. */
  public readonly codePackage?: FunctionPackage;
  public readonly function: LambdaFunction;
  public readonly role: ExecutionRole;
  public readonly logGroup: CloudwatchLogGroup;
  public readonly deadLetterQueue?: SqsQueue;
  /** ARN of the `live` alias (triggers, URL and async settings target it), when the function has one. */
  public readonly aliasArn?: string;
  /** The function URL (`https://<id>.lambda-url.<region>.on.aws/`), when `url` is set. */
  public readonly functionUrl?: string;
  private codeStatements: number;

  constructor(scope: Construct, id: string, props: ServerlessFunctionProps) {
    super(scope, id);
    useRelativeLocalState(this);
    SERVERLESS_FUNCTION_PROPS.validate(this, props);

    const name = props.functionName;
    const tags = props.tags ? { ...props.tags } : undefined;
    this.timeout = props.timeout ?? DEFAULT_TIMEOUT_SECONDS;

    this.logGroup = new CloudwatchLogGroup(this, "LogGroup", {
      name: `/aws/lambda/${name}`,
      retentionInDays: props.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS,
      kmsKeyId: props.logKmsKeyArn,
      tags,
    });

    if (props.deadLetterQueue) {
      this.deadLetterQueue = new SqsQueue(this, "DeadLetterQueue", {
        name: boundedName(name, "-dlq", 80),
        messageRetentionSeconds: DLQ_RETENTION_SECONDS,
        sqsManagedSseEnabled: true,
        tags,
      });
    }

    this.role = new ExecutionRole(this, "ExecutionRole", {
      functionName: name,
      roleName: executionRoleName(name),
      logGroupArn: this.logGroup.arn,
      vpc: props.vpc !== undefined,
      tracing: props.tracing ?? false,
      deadLetterQueueArn: this.deadLetterQueue?.arn,
      statements: props.policyStatements ?? [],
      tags,
    });

    this.codePackage = this.packageCode(props);
    if (props.imageUri === undefined) {
      checkHandlerExport(this, this.codePackage, {
        handler: lambdaHandler(props),
        runtime: props.runtime ?? DEFAULT_RUNTIME,
        source: props.entry !== undefined ? { prop: "entry", value: props.entry } : { prop: "codeDirectory", value: String(props.codeDirectory) },
        hasLayers: (props.layers?.length ?? 0) > 0,
      });
    }
    this.function = new LambdaFunction(this, "Function", {
      functionName: name,
      description: props.description,
      role: this.role.role.arn,
      ...this.codeConfig(props),
      architectures: [props.architecture ?? "arm64"],
      memorySize: props.memorySize ?? DEFAULT_MEMORY_MB,
      timeout: this.timeout,
      ephemeralStorage: props.ephemeralStorageSize ? { size: props.ephemeralStorageSize } : undefined,
      environment: variablesBlock(functionVariables(props.environment, props.secrets)),
      kmsKeyArn: props.environmentKmsKeyArn,
      vpcConfig: props.vpc ? this.vpcConfig(props) : undefined,
      layers: props.layers?.map((l) => (typeof l === "string" ? l : l.arn)),
      tracingConfig: { mode: props.tracing ? "Active" : "PassThrough" },
      deadLetterConfig: this.deadLetterQueue ? { targetArn: this.deadLetterQueue.arn } : undefined,
      reservedConcurrentExecutions: props.reservedConcurrency,
      publish: props.provisionedConcurrency !== undefined,
      loggingConfig: loggingConfig(props, this.logGroup.name),
      tags,
      // The log group and the permissions must exist before Lambda first runs or attaches ENIs.
      dependsOn: [this.logGroup, this.role.policy],
    });

    this.functionName = this.function.functionName;
    this.functionArn = this.function.arn;
    this.roleArn = this.role.role.arn;
    this.logGroupName = this.logGroup.name;
    this.invokeArn = this.function.invokeArn;

    if (props.provisionedConcurrency !== undefined) {
      const alias = new LambdaAlias(this, "LiveAlias", {
        name: LIVE_ALIAS,
        description: `Published version of ${name} that carries provisioned concurrency`,
        functionName: this.function.functionName,
        functionVersion: this.function.version,
      });
      new LambdaProvisionedConcurrencyConfig(this, "ProvisionedConcurrency", {
        functionName: this.function.functionName,
        qualifier: alias.name,
        provisionedConcurrentExecutions: props.provisionedConcurrency,
      });
      this.qualifier = LIVE_ALIAS;
      this.invokeArn = alias.invokeArn;
      this.aliasArn = alias.arn;
    }

    this.codeStatements = props.policyStatements?.length ?? 0;
    const triggers = bindTriggers(
      {
        scope: this,
        functionName: name,
        functionNameRef: this.function.functionName,
        invokeTargetArn: this.aliasArn ?? this.function.arn,
        qualifier: this.qualifier,
        tags,
      },
      props,
    );
    this.role.addStatements(triggers.statements);
    this.functionUrl = triggers.url?.functionUrl;
    grantSecrets(this, props.secrets);
  }

  /**
   * Grants the function's code more after construction (e.g. on a resource created later),
   * validated like `policyStatements` and kept within the role's inline policy limit.
   */
  public addPolicyStatements(...statements: PolicyStatement[]): void {
    const added = validateAddedStatements(this, this.role.statements, statements, this.codeStatements + 1, this.role.identity);
    this.role.addStatements(added);
    this.codeStatements += added.length;
  }

  private packageCode(props: ServerlessFunctionProps): FunctionPackage | undefined {
    if (props.entry !== undefined) {
      const external = ["@aws-sdk/*", ...(props.bundlingExternalModules ?? [])];
      return packageEntry(this, props.entry, esbuildTarget(props.runtime ?? DEFAULT_RUNTIME), external);
    }
    if (props.codeDirectory !== undefined) {
      const patterns = { exclude: props.codeExclude, include: props.codeInclude };
      return packageDirectory(this, props.codeDirectory, patterns, { kind: "ServerlessFunction props", prop: "codeDirectory" });
    }
    // An image function has no zip, but the stack's store must still exist so that synth empties
    // packages/ of zips an earlier synth left there (e.g. when the functions moved to images).
    PackageStore.of(this);
    return undefined;
  }

  private codeConfig(props: ServerlessFunctionProps): Partial<LambdaFunctionConfig> {
    if (props.imageUri !== undefined) {
      const hasImageConfig = props.imageCommand || props.imageEntryPoint || props.imageWorkingDirectory;
      return {
        packageType: "Image",
        imageUri: props.imageUri,
        imageConfig: hasImageConfig
          ? {
              command: props.imageCommand ? [...props.imageCommand] : undefined,
              entryPoint: props.imageEntryPoint ? [...props.imageEntryPoint] : undefined,
              workingDirectory: props.imageWorkingDirectory,
            }
          : undefined,
      };
    }
    const pkg = this.codePackage;
    return {
      packageType: "Zip",
      // Resolved when the stack is written, so that all of an app's entries are bundled in one go.
      filename: pkg && Lazy.stringValue({ produce: () => pkg.filename }),
      sourceCodeHash: pkg && Lazy.stringValue({ produce: () => pkg.sourceCodeHash }),
      handler: lambdaHandler(props),
      runtime: props.runtime ?? DEFAULT_RUNTIME,
    };
  }

  private vpcConfig(props: ServerlessFunctionProps): LambdaFunctionConfig["vpcConfig"] {
    const vpc = props.vpc!;
    const securityGroupIds = vpc.securityGroupIds
      ? [...vpc.securityGroupIds]
      : [
          new EgressOnlySecurityGroup(this, "SecurityGroup", {
            name: `${props.functionName}-lambda`,
            description: `Egress-only security group of Lambda function ${props.functionName}`,
            vpcId: vpc.vpcId!,
            tags: props.tags,
          }).securityGroupId,
        ];
    return { subnetIds: [...vpc.subnetIds], securityGroupIds };
  }
}

function variablesBlock(variables: Record<string, string> | undefined): LambdaFunctionConfig["environment"] {
  return variables ? { variables } : undefined;
}

/** The handler Lambda receives: for `entry`, a bare export name means that export of the bundle's `index.js`. */
function lambdaHandler(props: ServerlessFunctionProps): string {
  const handler = props.handler ?? "index.handler";
  return props.entry !== undefined && !handler.includes(".") ? `index.${handler}` : handler;
}
