import { CloudBackend, GcsBackend, NamedCloudWorkspace, S3Backend, type TerraformStack } from "cdktf";
import type { EnvironmentConfig } from "../config/load";

export interface S3StateProps {
  readonly bucket: string;
  readonly region: string;
  /** Object key of the state file: `<project>/<env>/<stack>.tfstate`. */
  readonly key: string;
}

/** The part of a state bucket that belongs to one environment: `<project>/<env>/`. */
export function environmentStatePrefix(project: string, environment: string): string {
  return `${project}/${environment}/`;
}

/** The state key every remote backend uses: one state per project, environment and stack. */
export function stateKey(project: string, environment: string, stackName: string): string {
  return `${environmentStatePrefix(project, environment)}${stackName}.tfstate`;
}

/**
 * S3 remote state, encrypted, locked with Terraform's native S3 lock file (>= 1.10) instead of a
 * DynamoDB table. cdktf 0.21's S3Backend has no `useLockfile`, so it is set by override.
 */
export function useS3Backend(stack: TerraformStack, props: S3StateProps): void {
  new S3Backend(stack, { bucket: props.bucket, region: props.region, key: props.key, encrypt: true });
  stack.addOverride("terraform.backend.s3.use_lockfile", true);
}

export interface GcsStateProps {
  readonly bucket: string;
  /** Folder of the state in the bucket: `<project>/<env>/<stack>` (Terraform stores `<prefix>/default.tfstate`). */
  readonly prefix: string;
}

/** The GCS state prefix: one state per project, environment and stack, like `stateKey` on S3. */
export function statePrefix(project: string, environment: string, stackName: string): string {
  return `${environmentStatePrefix(project, environment)}${stackName}`;
}

/** GCS remote state (GCS locks state natively; encryption at rest is Google-managed unless the bucket says otherwise). */
export function useGcsBackend(stack: TerraformStack, props: GcsStateProps): void {
  new GcsBackend(stack, { bucket: props.bucket, prefix: props.prefix });
}

/** Where a stack keeps its state: the S3 bucket (as the AWS stacks do) or a GCS bucket. */
export type RemoteStateChoice =
  | { readonly type: "s3"; readonly bucket: string; readonly region: string }
  | { readonly type: "gcs"; readonly bucket: string };

/**
 * Remote state for `stackName` of `project` in `environment`, on S3 (key `<project>/<env>/<stack>.tfstate`,
 * native lock file) or GCS (prefix `<project>/<env>/<stack>`).
 */
export function useRemoteState(stack: TerraformStack, choice: RemoteStateChoice, project: string, environment: string, stackName: string): void {
  if (choice.type === "gcs") {
    useGcsBackend(stack, { bucket: choice.bucket, prefix: statePrefix(project, environment, stackName) });
  } else {
    useS3Backend(stack, { bucket: choice.bucket, region: choice.region, key: stateKey(project, environment, stackName) });
  }
}

/** The HCP Terraform workspace of a stack: `<project>-<stack>`, e.g. `svc-aws-prod`. */
export function workspaceName(project: string, stackName: string): string {
  return `${project}-${stackName}`;
}

/**
 * The state of a stack as its environment chooses: HCP Terraform (a `cloud` block with one named
 * workspace per stack; the token comes from `TERRAFORM_CLOUD_TOKEN`/`TF_TOKEN_<host>` or
 * `terraform login`, never from the JSON) or the stack's own remote state.
 */
export function useEnvironmentState(stack: TerraformStack, config: EnvironmentConfig, stackName: string, remote: RemoteStateChoice): void {
  if (config.backend === "cloud" && config.cloud) {
    new CloudBackend(stack, {
      organization: config.cloud.organization,
      hostname: config.cloud.hostname,
      workspaces: new NamedCloudWorkspace(workspaceName(config.project.name, stackName), config.cloud.project),
    });
    return;
  }
  useRemoteState(stack, remote, config.project.name, config.environment, stackName);
}
