import { type CatalogEntry } from "../entry";

/** An Amazon MSK (Kafka) cluster. */
export const entry: CatalogEntry = {
  type: "aws_msk_cluster",
  forceNew: ["cluster_name", "kafka_version"],
  local: { kind: "not-emulated", what: "MSK (Kafka) clusters" },
};
