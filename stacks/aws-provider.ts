import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/load";

/** The tags every resource of an environment carries, set once as provider default tags. */
export function defaultTags(config: EnvironmentConfig): Record<string, string> {
  return {
    Project: config.project.name,
    Environment: config.environment,
    ManagedBy: "cdktf",
    Owner: config.project.owner,
  };
}

/** The AWS provider of an environment in one of its regions (the primary one by default): its account only, and the default tags. */
export function awsProvider(scope: Construct, config: EnvironmentConfig, region: string = config.aws.region): AwsProvider {
  return new AwsProvider(scope, "aws", {
    region,
    allowedAccountIds: [config.aws.accountId],
    defaultTags: [{ tags: defaultTags(config) }],
  });
}
