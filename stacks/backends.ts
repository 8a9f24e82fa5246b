import { S3Backend, type TerraformStack } from "cdktf";

export interface S3StateProps {
  readonly bucket: string;
  readonly region: string;
  /** Object key of the state file: `<project>/<env>/<stack>.tfstate`. */
  readonly key: string;
}

/** The state key every remote backend uses: one state per project, environment and stack. */
export function stateKey(project: string, environment: string, stackName: string): string {
  return `${project}/${environment}/${stackName}.tfstate`;
}

/**
 * S3 remote state, encrypted, locked with Terraform's native S3 lock file (>= 1.10) instead of a
 * DynamoDB table. cdktf 0.21's S3Backend has no `useLockfile`, so it is set by override.
 */
export function useS3Backend(stack: TerraformStack, props: S3StateProps): void {
  new S3Backend(stack, { bucket: props.bucket, region: props.region, key: props.key, encrypt: true });
  stack.addOverride("terraform.backend.s3.use_lockfile", true);
}
