import type { PolicyStatement } from "../core/policy/policy-statement";
import type { AllKeysListed } from "../core/known-keys";
import type { LambdaLayer } from "./lambda-layer";
import type { AsyncInvokeProps } from "./async-invoke";
import type { FunctionEvent } from "./events/function-event";
import type { FunctionUrlProps } from "./function-url";

/** Where a function runs in a VPC. */
export interface ServerlessFunctionVpcProps {
  /** Subnets for the function's network interfaces (private subnets, usually one per AZ). */
  readonly subnetIds: readonly string[];
  /**
   * Security groups for the function's network interfaces.
   * @default one egress-only security group created in `vpcId`
   */
  readonly securityGroupIds?: readonly string[];
  /**
   * The VPC of the subnets; required when `securityGroupIds` is not given.
   * @default none
   */
  readonly vpcId?: string;
}

/** Every key of `ServerlessFunctionVpcProps`, for `Validator.onlyKnownKeys`. */
export const SERVERLESS_FUNCTION_VPC_PROP_KEYS = ["subnetIds", "securityGroupIds", "vpcId"] as const satisfies readonly (keyof ServerlessFunctionVpcProps)[];
export type ServerlessFunctionVpcPropKeysComplete = AllKeysListed<
  Exclude<keyof ServerlessFunctionVpcProps, (typeof SERVERLESS_FUNCTION_VPC_PROP_KEYS)[number]>
>;

export interface ServerlessFunctionProps {
  /** Name of the Lambda function: letters, digits, `-` and `_`, at most 64 characters. */
  readonly functionName: string;

  /**
   * A .ts/.js file bundled with esbuild (node target of the runtime, minified, `@aws-sdk/*`
   * external) into a deterministic zip. Exactly one of `entry`, `codeDirectory`, `imageUri`.
   * @default none
   */
  readonly entry?: string;
  /**
   * A folder zipped deterministically as it is. Exactly one of `entry`, `codeDirectory`, `imageUri`.
   * @default none
   */
  readonly codeDirectory?: string;
  /**
   * For `codeDirectory`: glob patterns of files left out, besides the default ones (dotenv files,
   * VCS folders, editor files: `DEFAULT_EXCLUDES`). `*` stays within a name, `**` crosses folders; a
   * pattern without `/` matches a name at any depth (`*.test.js`), one with `/` from the folder's root.
   * @default none
   */
  readonly codeExclude?: readonly string[];
  /** For `codeDirectory`: glob patterns of files kept even though an exclude pattern (default or given) matches them. @default none */
  readonly codeInclude?: readonly string[];
  /**
   * A container image URI (e.g. from `EcrRepository`). Exactly one of `entry`, `codeDirectory`, `imageUri`.
   * @default none
   */
  readonly imageUri?: string;

  /**
   * The handler, `file.export`; for `entry`, the bundle is `index.js`, so a bare export name works too.
   * Not used for images.
   * @default "index.handler"
   */
  readonly handler?: string;
  /** @default "nodejs22.x" */
  readonly runtime?: string;
  /** @default "arm64" */
  readonly architecture?: "arm64" | "x86_64";
  /** Memory in MB, 128 to 10240. @default 256 */
  readonly memorySize?: number;
  /** Timeout in seconds, 1 to 900 (at most 30 behind `HttpApi`). @default 10 */
  readonly timeout?: number;
  /** Ephemeral storage (/tmp) in MB, 512 to 10240. @default 512 */
  readonly ephemeralStorageSize?: number;
  /** Environment variables, at most 4 KB in all; Lambda's reserved keys are refused. @default none */
  readonly environment?: Readonly<Record<string, string>>;
  /** KMS key that encrypts the environment variables at rest. @default the AWS-managed key for Lambda */
  readonly environmentKmsKeyArn?: string;
  /** @default none */
  readonly description?: string;

  /** Attach the function to a VPC. @default not in a VPC */
  readonly vpc?: ServerlessFunctionVpcProps;
  /** Layers, as constructs or layer version ARNs, at most 5. @default none */
  readonly layers?: readonly (LambdaLayer | string)[];
  /** What the function's code may do, added to the computed execution policy. @default none */
  readonly policyStatements?: readonly PolicyStatement[];

  /** Retention of `/aws/lambda/<functionName>`, in days CloudWatch accepts. @default 30 */
  readonly logRetentionDays?: number;
  /** KMS key that encrypts the log group. @default CloudWatch's own encryption */
  readonly logKmsKeyArn?: string;

  /** Reserved concurrent executions. @default none (the account's unreserved pool) */
  readonly reservedConcurrency?: number;
  /** Provisioned concurrency on a `live` alias of a published version. @default none */
  readonly provisionedConcurrency?: number;
  /** An encrypted SQS dead-letter queue (14-day retention) for failed async invocations. @default false */
  readonly deadLetterQueue?: boolean;
  /** X-Ray active tracing. @default false */
  readonly tracing?: boolean;

  /** For `entry`: modules left out of the bundle, in addition to `@aws-sdk/*` (e.g. a layer's). @default none */
  readonly bundlingExternalModules?: readonly string[];
  /** For `imageUri`: overrides of the image's CMD, ENTRYPOINT and WORKDIR. @default the image's own */
  readonly imageCommand?: readonly string[];
  /** @default the image's own */
  readonly imageEntryPoint?: readonly string[];
  /** @default the image's own */
  readonly imageWorkingDirectory?: string;

  /** Tags on every resource the function creates (the provider adds its default tags). @default none */
  readonly tags?: Readonly<Record<string, string>>;

  /**
   * What invokes the function besides `HttpApi`: queues and streams it polls, buckets, topics,
   * schedules and event rules that push to it, each with exactly the permissions it needs.
   * @default none
   */
  readonly events?: readonly FunctionEvent[];
  /** Retries, event age and destinations of asynchronous invocations. @default Lambda's (2 retries, 6 hours, no destination) */
  readonly asyncInvoke?: AsyncInvokeProps;
  /** A function URL (`AWS_IAM` unless said otherwise). @default none */
  readonly url?: FunctionUrlProps;
}

/** Every key of `ServerlessFunctionProps`, for `Validator.onlyKnownKeys` (a misspelt prop is refused, not ignored). */
export const SERVERLESS_FUNCTION_PROP_KEYS = [
  "functionName",
  "entry",
  "codeDirectory",
  "imageUri",
  "handler",
  "runtime",
  "architecture",
  "memorySize",
  "timeout",
  "ephemeralStorageSize",
  "environment",
  "environmentKmsKeyArn",
  "description",
  "vpc",
  "layers",
  "policyStatements",
  "logRetentionDays",
  "logKmsKeyArn",
  "reservedConcurrency",
  "provisionedConcurrency",
  "deadLetterQueue",
  "tracing",
  "bundlingExternalModules",
  "codeExclude",
  "codeInclude",
  "imageCommand",
  "imageEntryPoint",
  "imageWorkingDirectory",
  "tags",
  "events",
  "asyncInvoke",
  "url",
] as const satisfies readonly (keyof ServerlessFunctionProps)[];
export type ServerlessFunctionPropKeysComplete = AllKeysListed<Exclude<keyof ServerlessFunctionProps, (typeof SERVERLESS_FUNCTION_PROP_KEYS)[number]>>;
