import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The functions the broad change touches (construct ids in the AWS service stacks). */
export const BROAD_FUNCTIONS = ["Hello", "users-create", "users-get", "users-list", "users-update"] as const;
export const BROAD_STACKS = ["aws-dev", "aws-stg", "aws-prod"] as const;

/** The S3 objects each environment's functions may now read. */
export const reportsBucketArn = (env: string) => `arn:aws:s3:::svc-${env}-reports/*`;

type Json = Record<string, any>;

/**
 * The broad change, made to a real synth output by programmatic edits: in aws-dev,
 * aws-stg and aws-prod, five functions gain `dynamodb:DeleteItem` on the users table (added to
 * their existing table statement; a new statement for `Hello`, which had none) and `s3:GetObject`
 * on their environment's reports bucket, and their memory doubles. Returns the new outdir.
 */
export function makeBroadChange(baseOutdir: string, headOutdir: string): string {
  cpSync(baseOutdir, headOutdir, { recursive: true });
  for (const stack of BROAD_STACKS) {
    const env = stack.replace(/^aws-/, "");
    const file = join(headOutdir, "stacks", stack, "cdk.tf.json");
    const config = JSON.parse(readFileSync(file, "utf8")) as Json;
    const documents = config.data.aws_iam_policy_document as Record<string, Json>;
    const functions = config.resource.aws_lambda_function as Record<string, Json>;
    for (const fn of BROAD_FUNCTIONS) {
      const documentName = Object.keys(documents).find((k) => documents[k]["//"].metadata.path === `${stack}/${fn}/ExecutionRole/PolicyDocument`);
      const functionName = Object.keys(functions).find((k) => functions[k]["//"].metadata.path === `${stack}/${fn}/Function`);
      if (!documentName || !functionName) throw new Error(`${stack}: no policy document or function for ${fn}`);
      const statements = documents[documentName].statement as Json[];
      const table = statements.find((s) => (s.resources as string[]).some((r) => r.startsWith("${aws_dynamodb_table.UsersTable")));
      if (table) table.actions = [...table.actions, "dynamodb:DeleteItem"].sort();
      else statements.push({ sid: "Code9", effect: "Allow", actions: ["dynamodb:DeleteItem"], resources: ["${aws_dynamodb_table.UsersTable.arn}"] });
      statements.push({ sid: "Code10", effect: "Allow", actions: ["s3:GetObject"], resources: [reportsBucketArn(env)] });
      functions[functionName].memory_size = functions[functionName].memory_size * 2;
    }
    writeFileSync(file, JSON.stringify(config, null, 2));
  }
  return headOutdir;
}
