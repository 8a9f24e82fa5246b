import { type CatalogEntry } from "../entry";

/** An Amazon MSK Serverless cluster. */
export const entry: CatalogEntry = {
  type: "aws_msk_serverless_cluster",
  forceNew: ["cluster_name"],
  local: { kind: "not-emulated", what: "MSK (Kafka) clusters" },
};
