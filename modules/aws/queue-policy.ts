import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { Construct } from "constructs";
import type { Queue } from "./queue";

const ID = "Policy";

/**
 * The one `aws_sqs_queue_policy` of a `Queue` (SQS keeps one policy per queue: a second resource
 * would overwrite the first), created when something is first allowed to send to it. Each
 * statement allows one service, for one source only.
 */
export class QueuePolicy extends Construct {
  /** The policy of `queue`, created on first use. */
  static of(queue: Queue): QueuePolicy {
    const found = queue.node.tryFindChild(ID);
    return found instanceof QueuePolicy ? found : new QueuePolicy(queue, ID, queue);
  }

  public readonly resource: SqsQueuePolicy;
  private readonly document: DataAwsIamPolicyDocument;
  private readonly statements: DataAwsIamPolicyDocumentStatement[] = [];

  private constructor(scope: Construct, id: string, private readonly queue: Queue) {
    super(scope, id);
    this.document = new DataAwsIamPolicyDocument(this, "Document", { statement: [] });
    this.resource = new SqsQueuePolicy(this, "Default", { queueUrl: queue.url, policy: this.document.json });
  }

  /** Lets the SNS topic `topicArn`, and no other, send to the queue (statement `sid`). */
  allowTopic(sid: string, topicArn: string): void {
    this.statements.push({
      sid,
      effect: "Allow",
      principals: [{ type: "Service", identifiers: ["sns.amazonaws.com"] }],
      actions: ["sqs:SendMessage"],
      resources: [this.queue.arn],
      condition: [{ test: "ArnEquals", variable: "aws:SourceArn", values: [topicArn] }],
    });
    this.document.putStatement([...this.statements]);
  }
}
