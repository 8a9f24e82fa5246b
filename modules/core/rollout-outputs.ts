/**
 * The longest a rollout of one function may take: the deploy workflow waits for it in a GitHub job,
 * which GitHub stops after 6 hours.
 */
export const ROLLOUT_MAX_MINUTES = 360;

/**
 * The outputs a stack declares for `npm run rollout`: one per function or service that a rollout
 * moves, told apart by `kind`. The constructs write them; the rollout reads them from the synthesized
 * stack (which outputs there are) and from the applied stack's outputs (their values).
 */

/** A Lambda function whose `live` alias CodeDeploy moves. */
export const LAMBDA_ROLLOUT_KIND = "aws-lambda-codedeploy";
/** A Cloud Run service whose traffic the rollout shifts. */
export const CLOUD_RUN_ROLLOUT_KIND = "gcp-cloud-run";

/** The value of a Lambda function's rollout output, as `terraform output -json` gives it. */
export interface LambdaRolloutOutput {
  readonly kind: typeof LAMBDA_ROLLOUT_KIND;
  readonly function_name: string;
  readonly alias: string;
  /** The version apply published last: where `live` goes. */
  readonly target_version: string;
  readonly application: string;
  readonly deployment_group: string;
  readonly deployment_config: string;
  /** Hook function names ("" when none). */
  readonly before_allow_traffic: string;
  readonly after_allow_traffic: string;
}

/** The value of a Cloud Run service's rollout output. */
export interface CloudRunRolloutOutput {
  readonly kind: typeof CLOUD_RUN_ROLLOUT_KIND;
  readonly service: string;
  readonly location: string;
  readonly project: string;
  /** Percent of the traffic the newest revision gets. */
  readonly percent: number;
  /** Tag of the newest revision ("" when none). */
  readonly tag: string;
}

export type RolloutOutput = LambdaRolloutOutput | CloudRunRolloutOutput;
