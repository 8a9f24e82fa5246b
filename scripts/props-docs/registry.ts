import { ENVIRONMENT_CONFIG } from "../../config/load";
import { BUCKET_PROPS } from "../../modules/aws/bucket";
import { ECR_REPOSITORY_PROPS } from "../../modules/aws/ecr-repository";
import { EGRESS_ONLY_SECURITY_GROUP_PROPS } from "../../modules/aws/egress-only-security-group";
import { HTTP_API_PROPS } from "../../modules/aws/http-api-props";
import { LAMBDA_LAYER_PROPS } from "../../modules/aws/lambda-layer";
import { QUEUE_PROPS } from "../../modules/aws/queue";
import { SECRET_PROPS } from "../../modules/aws/secret";
import { SERVERLESS_FUNCTION_PROPS } from "../../modules/aws/serverless-function-props";
import { STATE_BUCKET_PROPS } from "../../modules/aws/state-bucket";
import { TABLE_PROPS } from "../../modules/aws/table";
import { TOPIC_PROPS, TOPIC_QUEUE_SUBSCRIPTION } from "../../modules/aws/topic";
import type { Schema } from "../../modules/core/schema";
import { ARTIFACT_REGISTRY_REPOSITORY_PROPS } from "../../modules/gcp/artifact-registry-repository-props";
import { CLOUD_RUN_SERVICE_PROPS } from "../../modules/gcp/cloud-run-service-props";
import { DEPLOYER_IDENTITY_PROPS } from "../../modules/gcp/deployer-identity-props";
import { RULE_PACK_OPTIONS } from "../../modules/core/rule-pack/rule-pack-options";

/** A props type the reference documents: its schema, and the module that exports the type derived from it. */
export interface DocumentedProps {
  readonly title: string;
  /** How it is used, in one line of Markdown. */
  readonly usage?: string;
  readonly typeName: string;
  /** The module (from the repository's root) that exports `typeName`. */
  readonly module: string;
  readonly schema: Schema<unknown>;
}

export interface ReferenceSection {
  readonly title: string;
  readonly entries: readonly DocumentedProps[];
}

/** What docs/props.md documents, in its order. A new construct adds its props here. */
export const PROPS_REFERENCE: readonly ReferenceSection[] = [
  {
    title: "AWS (`modules/aws`)",
    entries: [
      {
        title: "ServerlessFunction",
        usage: "`new ServerlessFunction(scope, id, props: ServerlessFunctionProps)`: one Lambda function with everything it needs.",
        typeName: "ServerlessFunctionProps",
        module: "modules/aws/serverless-function-props.ts",
        schema: SERVERLESS_FUNCTION_PROPS,
      },
      { title: "LambdaLayer", usage: "`new LambdaLayer(scope, id, props: LambdaLayerProps)`", typeName: "LambdaLayerProps", module: "modules/aws/lambda-layer.ts", schema: LAMBDA_LAYER_PROPS },
      { title: "HttpApi", usage: "`new HttpApi(scope, id, props: HttpApiProps)`", typeName: "HttpApiProps", module: "modules/aws/http-api-props.ts", schema: HTTP_API_PROPS },
      {
        title: "Table",
        usage: "`new Table(scope, id, props: TableProps)`; `grantReadData(fn)`, `grantWriteData(fn)`, `grantReadWriteData(fn)`; see [data](data.md).",
        typeName: "TableProps",
        module: "modules/aws/table.ts",
        schema: TABLE_PROPS,
      },
      { title: "Queue", usage: "`new Queue(scope, id, props: QueueProps)`; `grantSend(fn)`, `grantConsume(fn)`; see [data](data.md).", typeName: "QueueProps", module: "modules/aws/queue.ts", schema: QUEUE_PROPS },
      { title: "Topic", usage: "`new Topic(scope, id, props: TopicProps)`; `grantPublish(fn)`, `subscribeQueue(queue, options)`; see [data](data.md).", typeName: "TopicProps", module: "modules/aws/topic.ts", schema: TOPIC_PROPS },
      {
        title: "Topic.subscribeQueue",
        usage: "`topic.subscribeQueue(queue: Queue, options?: TopicQueueSubscriptionOptions)`",
        typeName: "TopicQueueSubscriptionOptions",
        module: "modules/aws/topic.ts",
        schema: TOPIC_QUEUE_SUBSCRIPTION,
      },
      {
        title: "Bucket",
        usage: "`new Bucket(scope, id, props: BucketProps)`; `grantRead(fn, prefix?)`, `grantWrite(fn, prefix?)`, `grantReadWrite(fn, prefix?)`; see [data](data.md).",
        typeName: "BucketProps",
        module: "modules/aws/bucket.ts",
        schema: BUCKET_PROPS,
      },
      { title: "Secret", usage: "`new Secret(scope, id, props: SecretProps)`; `grantRead(fn)`; see [data](data.md).", typeName: "SecretProps", module: "modules/aws/secret.ts", schema: SECRET_PROPS },
      { title: "EcrRepository", usage: "`new EcrRepository(scope, id, props: EcrRepositoryProps)`", typeName: "EcrRepositoryProps", module: "modules/aws/ecr-repository.ts", schema: ECR_REPOSITORY_PROPS },
      { title: "StateBucket", usage: "`new StateBucket(scope, id, props: StateBucketProps)`", typeName: "StateBucketProps", module: "modules/aws/state-bucket.ts", schema: STATE_BUCKET_PROPS },
      {
        title: "EgressOnlySecurityGroup",
        usage: "`new EgressOnlySecurityGroup(scope, id, props: EgressOnlySecurityGroupProps)`",
        typeName: "EgressOnlySecurityGroupProps",
        module: "modules/aws/egress-only-security-group.ts",
        schema: EGRESS_ONLY_SECURITY_GROUP_PROPS,
      },
    ],
  },
  {
    title: "Google Cloud (`modules/gcp`)",
    entries: [
      {
        title: "ArtifactRegistryRepository",
        usage: "`new ArtifactRegistryRepository(scope, id, props: ArtifactRegistryRepositoryProps)`",
        typeName: "ArtifactRegistryRepositoryProps",
        module: "modules/gcp/artifact-registry-repository-props.ts",
        schema: ARTIFACT_REGISTRY_REPOSITORY_PROPS,
      },
      {
        title: "CloudRunService",
        usage: "`new CloudRunService(scope, id, props: CloudRunServiceProps)`",
        typeName: "CloudRunServiceProps",
        module: "modules/gcp/cloud-run-service-props.ts",
        schema: CLOUD_RUN_SERVICE_PROPS,
      },
      {
        title: "DeployerIdentity",
        usage: "`new DeployerIdentity(scope, id, props: DeployerIdentityProps)`",
        typeName: "DeployerIdentityProps",
        module: "modules/gcp/deployer-identity-props.ts",
        schema: DEPLOYER_IDENTITY_PROPS,
      },
    ],
  },
  {
    title: "Rule pack (`modules/core/rule-pack`)",
    entries: [
      {
        title: "RulePack",
        usage: "`applyRulePack(stack, options: RulePackOptions)` or `new RulePack(options)`; see [rules](rules.md).",
        typeName: "RulePackOptions",
        module: "modules/core/rule-pack/rule-pack-options.ts",
        schema: RULE_PACK_OPTIONS,
      },
    ],
  },
  {
    title: "Environment config (`config/<env>.ts`)",
    entries: [
      {
        title: "An environment's settings",
        usage: "`export const <env>: EnvironmentFile = { ... }` in `config/<env>.ts` (`project` comes from `config/project.ts`); see [environments](environments.md).",
        typeName: "EnvironmentConfig",
        module: "config/types.ts",
        schema: ENVIRONMENT_CONFIG,
      },
    ],
  },
];
