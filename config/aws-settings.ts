/** The AWS side of an environment (`aws` in `config/<env>.ts`): its schema, and the types derived from it. */
import { ACCOUNT_ID, SUBNET_ID, VPC_ID } from "../modules/aws/aws-ids";
import { API_GATEWAY_TIMEOUT_SECONDS, TIMEOUT_SECONDS } from "../modules/aws/lambda-limits";
import { S3_BUCKET_NAME } from "../modules/aws/s3-bucket-name";
import { SERVERLESS_FUNCTION_PROPS } from "../modules/aws/serverless-function-props";
import { ALARM_TOPIC_ARN } from "../modules/aws/alarm-topic";
import { DEPLOYMENT_STRATEGY_FIELDS, refineStrategy } from "../modules/aws/function-deployment";
import { AWS_REGION } from "../modules/core/regions";
import { arnRegion } from "../modules/core/apply-time";
import { integerBetween, matches } from "../modules/core/rules";
import { list, object, optional, required, type TypeOf } from "../modules/core/schema";

/** The function defaults are `ServerlessFunction` props: the same rules. */
const FUNCTION = SERVERLESS_FUNCTION_PROPS.fields;

const VPC = object({
  /** The VPC of the subnets (its egress-only security group is created there). */
  vpcId: required(VPC_ID),
  /** Private subnets for Lambda ENIs, one per availability zone. */
  subnetIds: required(list(SUBNET_ID, { of: "subnet ids", min: 1 })),
});

export interface AwsVpcConfig extends TypeOf<typeof VPC> {}

/** The function timeout the sample API's functions get: API Gateway waits 30 seconds at most. */
const API_TIMEOUT = integerBetween(TIMEOUT_SECONDS.min, API_GATEWAY_TIMEOUT_SECONDS, `seconds (the API answers within ${API_GATEWAY_TIMEOUT_SECONDS})`);

/** A function's `deployment` as config gives it: the strategy (hooks are functions, which config has not). */
const DEPLOYMENT = object(DEPLOYMENT_STRATEGY_FIELDS, {
  expected: '{ strategy: "canary" | "linear" | "all-at-once", percent?, intervalMinutes?, rollbackOnAlarms? }',
  refine: refineStrategy,
});

export interface AwsDeploymentConfig extends TypeOf<typeof DEPLOYMENT> {}

const FUNCTION_DEFAULTS = object(
  {
    /** MB */
    memorySize: required(FUNCTION.memorySize.schema),
    /** seconds, at most 30 (the sample's functions answer its HTTP API) */
    timeout: required(FUNCTION.timeout.schema),
    /** X-Ray active tracing. */
    tracing: required(FUNCTION.tracing.schema),
    /** A dead-letter queue for asynchronously invoked functions. */
    deadLetterQueue: required(FUNCTION.deadLetterQueue.schema),
    /** Reserved concurrent executions of each function. @default none */
    reservedConcurrency: optional(FUNCTION.reservedConcurrency.schema),
    /**
     * How a new version reaches each function's `live` alias: through CodeDeploy, by `npm run rollout`
     * after apply (see docs/delivery.md). @default none (apply updates the functions in place)
     */
    deployment: optional(DEPLOYMENT.named<AwsDeploymentConfig>()),
  },
  {
    expected: "the function defaults { memorySize, timeout, tracing, deadLetterQueue, reservedConcurrency?, deployment? }",
    refine(defaults, r) {
      const timeout = defaults.timeout;
      if (typeof timeout === "number" && Number.isInteger(timeout) && timeout > API_GATEWAY_TIMEOUT_SECONDS) r.fail("timeout", API_TIMEOUT.description, timeout);
    },
  },
);

export interface AwsFunctionDefaults extends TypeOf<typeof FUNCTION_DEFAULTS> {}

const REGION = object(
  {
    /** The region: its stack is `aws-<env>-<region>`. */
    region: required(AWS_REGION),
    /** VPCs are regional: the primary region's `vpc` does not carry over. @default functions outside any VPC */
    vpc: optional(VPC.named<AwsVpcConfig>()),
  },
  { expected: "{ region, vpc? }" },
);

/** Another region an environment's AWS side runs in: one more stack, `aws-<env>-<region>`. */
export interface AwsRegionConfig extends TypeOf<typeof REGION> {}

/** The `aws` section of an environment. */
export const AWS_SETTINGS = object(
  {
    /** The primary region: its stack is `aws-<env>` and its names carry no region. */
    region: required(AWS_REGION),
    /**
     * More regions, each its own stack `aws-<env>-<region>` in the same account, whose names carry the
     * region (`<project>-<env>-<region>-<name>`) so that account-global ones (IAM roles) never collide.
     * Everything but `region` and `vpc` is shared with the primary region. @default none
     */
    additionalRegions: optional(list(REGION.named<AwsRegionConfig>(), { of: "{ region, vpc? }" })),
    /** The only account the provider may touch (`allowed_account_ids`). */
    accountId: required(ACCOUNT_ID),
    /** Remote state: the bucket created by the `state-bootstrap` stack. */
    stateBucket: required(S3_BUCKET_NAME),
    /** The region of the state bucket. */
    stateRegion: required(AWS_REGION),
    /**
     * The account that owns the state bucket (a shared tooling account, say). Environments in other
     * accounts get access to their own key prefix only, through the bucket policy.
     * @default the environment's own account
     */
    stateAccountId: optional(ACCOUNT_ID),
    /** The VPC of the primary region's functions. @default functions outside any VPC */
    vpc: optional(VPC.named<AwsVpcConfig>()),
    /** Retention of the functions' and the API's log groups, in days CloudWatch accepts. */
    logRetentionDays: required(FUNCTION.logRetentionDays.schema),
    /** What the sample's functions get, the same props as `ServerlessFunction`'s. */
    functions: required(FUNCTION_DEFAULTS.named<AwsFunctionDefaults>()),
    /**
     * An existing SNS topic (in the environment's primary region) that every alarm of the primary
     * region's stack notifies; its key and policy must let CloudWatch publish (docs/delivery.md).
     * Other regions' stacks create their own, since CloudWatch notifies topics of its own region only.
     * @default each stack creates its alarm topic, `<project>-<env>[-<region>]-alarms`
     */
    alarmTopicArn: optional(ALARM_TOPIC_ARN),
    /** Origins allowed by the API's CORS settings. @default no CORS */
    corsAllowOrigins: optional(list(matches(/^https?:\/\/[^\s/*]+$/, "an origin such as https://app.example.com"), { of: "origins" })),
  },
  {
    expected: "the AWS settings of the environment",
    refine(aws, r) {
      if (typeof aws.alarmTopicArn === "string" && typeof aws.region === "string" && arnRegion(aws.alarmTopicArn) !== aws.region) {
        r.fail("alarmTopicArn", `a topic of the primary region ${aws.region} (CloudWatch notifies topics of its own region only)`, aws.alarmTopicArn);
      }
      // One stack per region: each additional region differs from the primary one and from each other.
      if (!Array.isArray(aws.additionalRegions)) return;
      const seen = new Set<string>([aws.region]);
      aws.additionalRegions.forEach((extra, i) => {
        const region = extra !== null && typeof extra === "object" ? extra.region : undefined;
        if (typeof region !== "string") return;
        if (seen.has(region)) r.fail(`additionalRegions[${i}].region`, `a region not already used by the environment (${[...seen].join(", ")}): one stack per region`, region);
        seen.add(region);
      });
    },
  },
);

export interface AwsEnvironmentConfig extends TypeOf<typeof AWS_SETTINGS> {}
