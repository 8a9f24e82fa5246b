import { isExpression } from "../../config";
import type { RuleContext, SynthesizedResource } from "../../rule";

/**
 * The resources of `type` that configure a bucket (versioning, encryption, public access block...):
 * their `bucket` references the bucket, or names it literally.
 */
export function bucketCompanions(bucket: SynthesizedResource, type: string, context: RuleContext): SynthesizedResource[] {
  const name = bucket.config.bucket;
  return context
    .ofType(type)
    .filter((c) => context.referencedBy(c.config.bucket).includes(bucket) || (typeof name === "string" && !isExpression(name) && c.config.bucket === name));
}
