import { environmentArn, type DeployGrants } from "./grant";

const STREAM = environmentArn("aws_kinesis_stream", { name: "{prefix}*" });

/**
 * Kinesis data streams. Creation waits on DescribeStreamSummary, then sets encryption and retention;
 * updates change the mode, shard count and shard-level metrics, which the Service Authorization
 * Reference lists without a resource (AWS cannot scope them).
 */
export const KINESIS_GRANTS: DeployGrants = {
  aws_kinesis_stream: [
    { phase: "read", actions: ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:ListTagsForStream"], resources: [STREAM] },
    {
      phase: "manage",
      actions: [
        "kinesis:CreateStream",
        "kinesis:DeleteStream",
        "kinesis:AddTagsToStream",
        "kinesis:RemoveTagsFromStream",
        "kinesis:StartStreamEncryption",
        "kinesis:StopStreamEncryption",
        "kinesis:IncreaseStreamRetentionPeriod",
        "kinesis:DecreaseStreamRetentionPeriod",
      ],
      resources: [STREAM],
    },
    { phase: "manage", actions: ["kinesis:UpdateShardCount", "kinesis:UpdateStreamMode", "kinesis:EnableEnhancedMonitoring", "kinesis:DisableEnhancedMonitoring"], resources: ["*"] },
  ],
};
