import type { LambdaLayer } from "../../modules/aws/lambda-layer";
import type { Bucket, Queue, Secret, Table, Topic } from "../../modules/aws";
import type { ServerlessFunction } from "../../modules/aws/serverless-function";
import type { FilterPattern } from "../../modules/aws/events/polling";
import type { PolicyStatement } from "../../modules/core/policy/policy-statement";
import type { ArtifactRegistryRepository, CloudRunService } from "../../modules/gcp";
import type { CloudRunIngress, VpcEgress } from "../../modules/gcp/gcp-limits";
import type * as Aws from "../../modules/aws";
import type * as Gcp from "../../modules/gcp";
import type * as Config from "../../config/load";
import type { RulePackOptions, RulePackRule, Severity, Suppression } from "../../modules/core";
import { SERVERLESS_FUNCTION_PROPS } from "../../modules/aws/serverless-function-props";

/**
 * The public API is a contract (DESIGN.md): outside teams compile against these names and shapes.
 * The props types are derived from the schemas; below are the interfaces as they were written by hand
 * before, and the compiler checks that each derived type is exactly the same type (same props, same
 * optionality, readonly, same value types). A schema change that alters a public type fails `tsc`.
 */

/** True when A and B are identical types (not only mutually assignable). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Compiles only for `true`. */
function expectType<T extends true>(): T | undefined {
  return undefined;
}

type ContractHttpApiAuthorization = "NONE" | "AWS_IAM" | "JWT" | "LAMBDA";
type ContractFunctionEvent = ContractSqsEvent | ContractStreamEvent | ContractS3Event | ContractSnsEvent | ContractScheduleEvent | ContractEventBridgeEvent;
type ContractCloudRunEvent = ContractCloudRunPubsubEvent | ContractCloudRunScheduleEvent;
type ContractEnvironmentFile = Omit<ContractEnvironmentConfig, "project">;

interface ContractRulePackOptions {
  readonly environment: string;
  readonly severity?: Severity;
  readonly suppressions?: readonly Suppression[];
  readonly rules?: readonly RulePackRule[];
  readonly log?: (line: string) => void;
}

export interface ContractServerlessFunctionVpcProps {
  readonly subnetIds: readonly string[];
  readonly securityGroupIds?: readonly string[];
  readonly vpcId?: string;
}

export interface ContractServerlessFunctionProps {
  readonly functionName: string;
  readonly entry?: string;
  readonly codeDirectory?: string;
  readonly codeExclude?: readonly string[];
  readonly codeInclude?: readonly string[];
  readonly imageUri?: string;
  readonly handler?: string;
  readonly runtime?: string;
  readonly architecture?: "arm64" | "x86_64";
  readonly memorySize?: number;
  readonly timeout?: number;
  readonly ephemeralStorageSize?: number;
  readonly environment?: Readonly<Record<string, string>>;
  readonly secrets?: Readonly<Record<string, Secret | string>>;
  readonly environmentKmsKeyArn?: string;
  readonly description?: string;
  readonly vpc?: ContractServerlessFunctionVpcProps;
  readonly layers?: readonly (LambdaLayer | string)[];
  readonly policyStatements?: readonly PolicyStatement[];
  readonly logRetentionDays?: number;
  readonly logKmsKeyArn?: string;
  readonly logFormat?: "JSON" | "Text";
  readonly applicationLogLevel?: "TRACE" | "DEBUG" | "INFO" | "WARN" | "ERROR" | "FATAL";
  readonly systemLogLevel?: "DEBUG" | "INFO" | "WARN";
  readonly reservedConcurrency?: number;
  readonly provisionedConcurrency?: number;
  readonly deadLetterQueue?: boolean;
  readonly tracing?: boolean;
  readonly bundlingExternalModules?: readonly string[];
  readonly imageCommand?: readonly string[];
  readonly imageEntryPoint?: readonly string[];
  readonly imageWorkingDirectory?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly events?: readonly ContractFunctionEvent[];
  readonly asyncInvoke?: ContractAsyncInvokeProps;
  readonly url?: ContractFunctionUrlProps;
}

export interface ContractAsyncInvokeProps {
  readonly maxRetryAttempts?: number;
  readonly maxEventAgeSeconds?: number;
  readonly onSuccessDestinationArn?: string;
  readonly onFailureDestinationArn?: string;
}

export interface ContractFunctionUrlCorsProps {
  readonly allowOrigins: readonly string[];
  readonly allowMethods?: readonly ("GET" | "PUT" | "HEAD" | "POST" | "PATCH" | "DELETE" | "*")[];
  readonly allowHeaders?: readonly string[];
  readonly exposeHeaders?: readonly string[];
  readonly allowCredentials?: boolean;
  readonly maxAge?: number;
}

export interface ContractFunctionUrlProps {
  readonly authorization?: "AWS_IAM" | "NONE";
  readonly cors?: ContractFunctionUrlCorsProps;
  readonly invokeMode?: "BUFFERED" | "RESPONSE_STREAM";
}

/** What every event carries besides its source: its name, and its position before events were named. */
interface ContractEventIdentity {
  readonly id?: string;
  readonly legacyPosition?: number;
}

export interface ContractSqsEvent extends ContractEventIdentity {
  readonly type: "sqs";
  readonly queue?: Queue;
  readonly queueArn?: string;
  readonly batchSize?: number;
  readonly maxBatchingWindowSeconds?: number;
  readonly reportBatchItemFailures?: boolean;
  readonly maxConcurrency?: number;
  readonly filterPatterns?: readonly FilterPattern[];
}

export interface ContractStreamEvent extends ContractEventIdentity {
  readonly type: "dynamodb-stream" | "kinesis";
  readonly table?: Table;
  readonly streamArn?: string;
  readonly startingPosition?: "LATEST" | "TRIM_HORIZON";
  readonly batchSize?: number;
  readonly maxBatchingWindowSeconds?: number;
  readonly reportBatchItemFailures?: boolean;
  readonly bisectBatchOnError?: boolean;
  readonly maxRetryAttempts?: number;
  readonly maxRecordAgeSeconds?: number;
  readonly onFailureDestinationArn?: string;
  readonly filterPatterns?: readonly FilterPattern[];
}

export interface ContractS3Event extends ContractEventIdentity {
  readonly type: "s3";
  readonly bucket?: Bucket;
  readonly bucketName?: string;
  readonly bucketAccountId?: string;
  readonly events?: readonly string[];
  readonly prefix?: string;
  readonly suffix?: string;
}

export interface ContractSnsEvent extends ContractEventIdentity {
  readonly type: "sns";
  readonly topic?: Topic;
  readonly topicArn?: string;
  readonly filterPolicy?: Readonly<Record<string, unknown>>;
}

export interface ContractScheduleEvent extends ContractEventIdentity {
  readonly type: "schedule";
  readonly expression: string;
  readonly timezone?: string;
  readonly input?: Readonly<Record<string, unknown>>;
}

export interface ContractEventBridgeEvent extends ContractEventIdentity {
  readonly type: "eventbridge";
  readonly eventPattern: Readonly<Record<string, unknown>>;
  readonly eventBusName?: string;
}

export interface ContractTableKey {
  readonly name: string;
  readonly type: "S" | "N" | "B";
}

export interface ContractTableGlobalSecondaryIndex {
  readonly indexName: string;
  readonly partitionKey: ContractTableKey;
  readonly sortKey?: ContractTableKey;
}

export interface ContractTableProps {
  readonly tableName: string;
  readonly partitionKey: ContractTableKey;
  readonly sortKey?: ContractTableKey;
  readonly stream?: "NEW_AND_OLD_IMAGES" | "NEW_IMAGE" | "OLD_IMAGE" | "KEYS_ONLY";
  readonly ttlAttribute?: string;
  readonly globalSecondaryIndexes?: readonly ContractTableGlobalSecondaryIndex[];
  readonly pointInTimeRecovery?: boolean;
  readonly kmsKeyArn?: string;
  readonly deletionProtection?: boolean;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface ContractQueueProps {
  readonly queueName: string;
  readonly fifo?: boolean;
  readonly visibilityTimeoutSeconds?: number;
  readonly retentionSeconds?: number;
  readonly maxReceiveCount?: number;
  readonly kmsKeyArn?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface ContractTopicProps {
  readonly topicName: string;
  readonly fifo?: boolean;
  readonly kmsKeyArn?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface ContractTopicQueueSubscriptionOptions {
  readonly filterPolicy?: Readonly<Record<string, unknown>>;
  readonly rawMessageDelivery?: boolean;
}

export interface ContractBucketProps {
  readonly bucketName: string;
  readonly versioned?: boolean;
  readonly kmsKeyArn?: string;
  readonly expireAfterDays?: number;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface ContractSecretProps {
  readonly secretName: string;
  readonly description?: string;
  readonly kmsKeyArn?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface ContractLambdaLayerProps {
  readonly layerName: string;
  readonly directory: string;
  readonly compatibleRuntimes?: readonly string[];
  readonly compatibleArchitectures?: readonly ("arm64" | "x86_64")[];
  readonly description?: string;
  readonly exclude?: readonly string[];
  readonly include?: readonly string[];
}

export interface ContractHttpApiRoute {
  readonly method: string;
  readonly path: string;
  readonly target: ServerlessFunction;
  readonly authorization?: ContractHttpApiAuthorization;
  readonly authorizationScopes?: readonly string[];
}

export interface ContractHttpApiDefaultRoute {
  readonly target: ServerlessFunction;
  readonly authorization?: ContractHttpApiAuthorization;
  readonly authorizationScopes?: readonly string[];
}

export interface ContractHttpApiLambdaAuthorizerProps {
  readonly function: ServerlessFunction;
  readonly identitySources?: readonly string[];
  readonly resultTtlSeconds?: number;
  readonly enableSimpleResponses?: boolean;
}

export interface ContractHttpApiJwtAuthorizerProps {
  readonly issuer: string;
  readonly audience: readonly string[];
  readonly identitySource?: string;
}

export interface ContractHttpApiCorsProps {
  readonly allowOrigins: readonly string[];
  readonly allowMethods?: readonly string[];
  readonly allowHeaders?: readonly string[];
  readonly exposeHeaders?: readonly string[];
  readonly allowCredentials?: boolean;
  readonly maxAgeSeconds?: number;
}

export interface ContractHttpApiThrottleProps {
  readonly burstLimit?: number;
  readonly rateLimit?: number;
}

export interface ContractHttpApiProps {
  readonly apiName: string;
  readonly routes?: readonly ContractHttpApiRoute[];
  readonly defaultRoute?: ContractHttpApiDefaultRoute;
  readonly stageName?: string;
  readonly cors?: ContractHttpApiCorsProps;
  readonly jwtAuthorizer?: ContractHttpApiJwtAuthorizerProps;
  readonly lambdaAuthorizer?: ContractHttpApiLambdaAuthorizerProps;
  readonly throttle?: ContractHttpApiThrottleProps;
  readonly accessLogRetentionDays?: number;
  readonly description?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface ContractEcrRepositoryProps {
  readonly name: string;
  readonly immutableTags?: boolean;
  readonly scanOnPush?: boolean;
  readonly keepLastImages?: number;
  readonly untaggedExpiryDays?: number;
  readonly kmsKeyArn?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface ContractStateBucketAccountAccess {
  readonly accountId: string;
  readonly keyPrefix: string;
}

export interface ContractStateBucketProps {
  readonly bucketName: string;
  readonly kmsKeyArn?: string;
  readonly noncurrentVersionExpirationDays?: number;
  readonly abortIncompleteUploadDays?: number;
  readonly accountAccess?: readonly ContractStateBucketAccountAccess[];
  readonly tags?: Readonly<Record<string, string>>;
}

export interface ContractEgressOnlySecurityGroupProps {
  readonly name: string;
  readonly description: string;
  readonly vpcId: string;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface ContractArtifactRegistryCleanupPolicies {
  readonly deleteUntaggedAfterDays?: number | false;
  readonly keepMostRecent?: number | false;
  readonly deleteAnyAfterDays?: number | false;
}

export interface ContractArtifactRegistryCleanupPolicy {
  readonly id: string;
  readonly action: "DELETE" | "KEEP";
  readonly tagState?: "TAGGED" | "UNTAGGED" | "ANY";
  readonly olderThanDays?: number;
  readonly newerThanDays?: number;
  readonly tagPrefixes?: readonly string[];
  readonly packageNamePrefixes?: readonly string[];
  readonly keepCount?: number;
}

export interface ContractArtifactRegistryRepositoryProps {
  readonly repositoryId: string;
  readonly location: string;
  readonly project?: string;
  readonly description?: string;
  readonly immutableTags?: boolean;
  readonly cleanupPolicies?: ContractArtifactRegistryCleanupPolicies | readonly ContractArtifactRegistryCleanupPolicy[] | false;
  readonly cleanupDryRun?: boolean;
  readonly vulnerabilityScanning?: boolean;
  readonly kmsKeyName?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface ContractCloudRunSecretEnv {
  readonly secret: string;
  readonly version?: string;
}

export interface ContractCloudRunVpcAccess {
  readonly network?: string;
  readonly subnetwork: string;
  readonly networkTags?: readonly string[];
  readonly egress?: VpcEgress;
}

export interface ContractCloudRunServiceProps {
  readonly serviceName: string;
  readonly location: string;
  readonly project?: string;
  readonly image: string;
  readonly containerPort?: number;
  readonly cpu?: string;
  readonly memory?: string;
  readonly minInstances?: number;
  readonly maxInstances?: number;
  readonly concurrency?: number;
  readonly timeout?: number;
  readonly ingress?: CloudRunIngress;
  readonly allowUnauthenticated?: boolean;
  readonly invokerIamDisabled?: boolean;
  readonly requestBasedBilling?: boolean;
  readonly startupCpuBoost?: boolean;
  readonly environment?: Readonly<Record<string, string>>;
  readonly secrets?: Readonly<Record<string, ContractCloudRunSecretEnv>>;
  readonly vpcAccess?: ContractCloudRunVpcAccess;
  readonly labels?: Readonly<Record<string, string>>;
  readonly deletionProtection?: boolean;
  readonly repository?: ArtifactRegistryRepository;
  readonly serviceAccountId?: string;
  readonly ignoreImageChanges?: boolean;
  readonly events?: readonly ContractCloudRunEvent[];
  readonly description?: string;
}

export interface ContractCloudRunPubsubEvent {
  readonly type: "pubsub";
  readonly topic: string;
  readonly filter?: string;
  readonly ackDeadlineSeconds?: number;
  readonly deadLetterTopic?: string;
  readonly maxDeliveryAttempts?: number;
  readonly minimumBackoffSeconds?: number;
  readonly maximumBackoffSeconds?: number;
  readonly path?: string;
}

export interface ContractCloudRunScheduleEvent {
  readonly type: "schedule";
  readonly expression: string;
  readonly timeZone?: string;
  readonly path?: string;
  readonly body?: string | Readonly<Record<string, unknown>>;
}

export interface ContractDeployerIdentityProps {
  readonly accountId: string;
  readonly project?: string;
  readonly displayName?: string;
  readonly services: readonly CloudRunService[];
  readonly repository: ArtifactRegistryRepository;
  readonly workloadIdentityPrincipals?: readonly string[];
  readonly disabled?: boolean;
  readonly existingServiceAccount?: boolean;
}

export interface ContractProjectConfig {
  readonly name: string;
  readonly owner: string;
  readonly repository?: string;
}

export interface ContractAwsVpcConfig {
  readonly vpcId: string;
  readonly subnetIds: readonly string[];
}

export interface ContractAwsFunctionDefaults {
  readonly memorySize: number;
  readonly timeout: number;
  readonly tracing: boolean;
  readonly deadLetterQueue: boolean;
  readonly reservedConcurrency?: number;
}

export interface ContractAwsRegionConfig {
  readonly region: string;
  readonly vpc?: ContractAwsVpcConfig;
}

export interface ContractAwsEnvironmentConfig {
  readonly region: string;
  readonly additionalRegions?: readonly ContractAwsRegionConfig[];
  readonly accountId: string;
  readonly stateBucket: string;
  readonly stateRegion: string;
  readonly stateAccountId?: string;
  readonly vpc?: ContractAwsVpcConfig;
  readonly logRetentionDays: number;
  readonly functions: ContractAwsFunctionDefaults;
  readonly corsAllowOrigins?: readonly string[];
}

export interface ContractHcpTerraformConfig {
  readonly organization: string;
  readonly hostname?: string;
  readonly project?: string;
  readonly executionMode?: "remote" | "agent" | "local";
  readonly agentPoolId?: string;
  readonly autoApply?: boolean;
  readonly terraformVersion?: string;
}

export interface ContractEnvironmentConfig {
  readonly environment: string;
  readonly promotedFrom?: string;
  readonly protected: boolean;
  readonly rulePackSeverity?: "error" | "warn";
  readonly project: ContractProjectConfig;
  readonly backend?: "remote" | "cloud";
  readonly cloud?: ContractHcpTerraformConfig;
  readonly aws: ContractAwsEnvironmentConfig;
  readonly gcp?: ContractGcpEnvironmentConfig;
}

export interface ContractGcpRepositoryConfig {
  readonly repositoryId: string;
  readonly immutableTags: boolean;
  readonly cleanupDryRun: boolean;
  readonly deleteUntaggedAfterDays?: number;
  readonly keepMostRecent?: number;
  readonly kmsKeyName?: string;
}

export interface ContractGcpServiceConfig {
  readonly image: string;
  readonly imageTag: string;
  readonly port: number;
  readonly cpu: string;
  readonly memory: string;
  readonly minInstances: number;
  readonly maxInstances: number;
  readonly concurrency?: number;
  readonly timeout?: number;
  readonly ingress: CloudRunIngress;
  readonly public: boolean;
}

export interface ContractGcpVpcConfig {
  readonly network?: string;
  readonly subnetwork: string;
  readonly egress?: VpcEgress;
}

export interface ContractGcpDeployerConfig {
  readonly accountId: string;
  readonly workloadIdentityPrincipals?: readonly string[];
}

export interface ContractGcpEnvironmentConfig {
  readonly projectId: string;
  readonly projectNumber?: string;
  readonly region: string;
  readonly repository: ContractGcpRepositoryConfig;
  readonly services: {
  readonly frontend: ContractGcpServiceConfig;
  readonly backend: ContractGcpServiceConfig;
  };
  readonly vpc?: ContractGcpVpcConfig;
  readonly invokerIamDisabled?: boolean;
  readonly deployer?: ContractGcpDeployerConfig;
  readonly stateBackend?: "s3" | "gcs";
  readonly gcsStateBucket?: string;
}
describe("the derived props types are the public API's, exactly", () => {
  test("checked by the compiler (tsc --noEmit, part of npm test)", () => {
    expectType<Equal<Aws.ServerlessFunctionVpcProps, ContractServerlessFunctionVpcProps>>();
    expectType<Equal<Aws.ServerlessFunctionProps, ContractServerlessFunctionProps>>();
    expectType<Equal<Aws.AsyncInvokeProps, ContractAsyncInvokeProps>>();
    expectType<Equal<Aws.FunctionUrlCorsProps, ContractFunctionUrlCorsProps>>();
    expectType<Equal<Aws.FunctionUrlProps, ContractFunctionUrlProps>>();
    expectType<Equal<Aws.SqsEvent, ContractSqsEvent>>();
    expectType<Equal<Aws.StreamEvent, ContractStreamEvent>>();
    expectType<Equal<Aws.S3Event, ContractS3Event>>();
    expectType<Equal<Aws.SnsEvent, ContractSnsEvent>>();
    expectType<Equal<Aws.ScheduleEvent, ContractScheduleEvent>>();
    expectType<Equal<Aws.EventBridgeEvent, ContractEventBridgeEvent>>();
    expectType<Equal<Aws.LambdaLayerProps, ContractLambdaLayerProps>>();
    expectType<Equal<Aws.TableKey, ContractTableKey>>();
    expectType<Equal<Aws.TableGlobalSecondaryIndex, ContractTableGlobalSecondaryIndex>>();
    expectType<Equal<Aws.TableProps, ContractTableProps>>();
    expectType<Equal<Aws.QueueProps, ContractQueueProps>>();
    expectType<Equal<Aws.TopicProps, ContractTopicProps>>();
    expectType<Equal<Aws.TopicQueueSubscriptionOptions, ContractTopicQueueSubscriptionOptions>>();
    expectType<Equal<Aws.BucketProps, ContractBucketProps>>();
    expectType<Equal<Aws.SecretProps, ContractSecretProps>>();
    expectType<Equal<Aws.HttpApiRoute, ContractHttpApiRoute>>();
    expectType<Equal<Aws.HttpApiDefaultRoute, ContractHttpApiDefaultRoute>>();
    expectType<Equal<Aws.HttpApiLambdaAuthorizerProps, ContractHttpApiLambdaAuthorizerProps>>();
    expectType<Equal<Aws.HttpApiJwtAuthorizerProps, ContractHttpApiJwtAuthorizerProps>>();
    expectType<Equal<Aws.HttpApiCorsProps, ContractHttpApiCorsProps>>();
    expectType<Equal<Aws.HttpApiThrottleProps, ContractHttpApiThrottleProps>>();
    expectType<Equal<Aws.HttpApiProps, ContractHttpApiProps>>();
    expectType<Equal<Aws.EcrRepositoryProps, ContractEcrRepositoryProps>>();
    expectType<Equal<Aws.StateBucketProps, ContractStateBucketProps>>();
    expectType<Equal<Aws.EgressOnlySecurityGroupProps, ContractEgressOnlySecurityGroupProps>>();
    expectType<Equal<Aws.FunctionEvent, ContractFunctionEvent>>();
    expectType<Equal<Aws.StateBucketAccountAccess, ContractStateBucketAccountAccess>>();
    expectType<Equal<Aws.HttpApiAuthorization, ContractHttpApiAuthorization>>();
    expectType<Equal<Gcp.ArtifactRegistryCleanupPolicies, ContractArtifactRegistryCleanupPolicies>>();
    expectType<Equal<Gcp.ArtifactRegistryCleanupPolicy, ContractArtifactRegistryCleanupPolicy>>();
    expectType<Equal<Gcp.ArtifactRegistryRepositoryProps, ContractArtifactRegistryRepositoryProps>>();
    expectType<Equal<Gcp.CloudRunSecretEnv, ContractCloudRunSecretEnv>>();
    expectType<Equal<Gcp.CloudRunVpcAccess, ContractCloudRunVpcAccess>>();
    expectType<Equal<Gcp.CloudRunServiceProps, ContractCloudRunServiceProps>>();
    expectType<Equal<Gcp.CloudRunPubsubEvent, ContractCloudRunPubsubEvent>>();
    expectType<Equal<Gcp.CloudRunScheduleEvent, ContractCloudRunScheduleEvent>>();
    expectType<Equal<Gcp.DeployerIdentityProps, ContractDeployerIdentityProps>>();
    expectType<Equal<Gcp.CloudRunEvent, ContractCloudRunEvent>>();
    expectType<Equal<Config.ProjectConfig, ContractProjectConfig>>();
    expectType<Equal<Config.AwsVpcConfig, ContractAwsVpcConfig>>();
    expectType<Equal<Config.AwsFunctionDefaults, ContractAwsFunctionDefaults>>();
    expectType<Equal<Config.AwsRegionConfig, ContractAwsRegionConfig>>();
    expectType<Equal<Config.AwsEnvironmentConfig, ContractAwsEnvironmentConfig>>();
    expectType<Equal<Config.HcpTerraformConfig, ContractHcpTerraformConfig>>();
    expectType<Equal<Config.EnvironmentConfig, ContractEnvironmentConfig>>();
    expectType<Equal<Config.GcpRepositoryConfig, ContractGcpRepositoryConfig>>();
    expectType<Equal<Config.GcpServiceConfig, ContractGcpServiceConfig>>();
    expectType<Equal<Config.GcpVpcConfig, ContractGcpVpcConfig>>();
    expectType<Equal<Config.GcpDeployerConfig, ContractGcpDeployerConfig>>();
    expectType<Equal<Config.GcpEnvironmentConfig, ContractGcpEnvironmentConfig>>();
    expectType<Equal<Config.EnvironmentFile, ContractEnvironmentFile>>();
    expectType<Equal<RulePackOptions, ContractRulePackOptions>>();
    // The checks fail on a difference: an optional prop made required, a readonly dropped, a wider type.
    expectType<Equal<Equal<{ readonly a?: string }, { readonly a: string }>, false>>();
    expectType<Equal<Equal<{ readonly a: string }, { a: string }>, false>>();
    expectType<Equal<Equal<{ readonly a: "x" | "y" }, { readonly a: string }>, false>>();
    // At runtime, the schema's keys are the type's keys.
    const keys: (keyof Aws.ServerlessFunctionProps)[] = [...SERVERLESS_FUNCTION_PROPS.keys] as (keyof Aws.ServerlessFunctionProps)[];
    expect(new Set(keys).size).toBe(36);
  });
});
