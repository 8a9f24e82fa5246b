import { describeWithTerraform, PLAN_TIMEOUT_MS, plannedChange, type PlannedChange } from "./harness";

/**
 * A stack applied when events were named by their position moves to today's names with nothing
 * replaced: its state (the positional configuration before.tf.json, applied with a mocked provider)
 * planned with today's configuration, whose events carry `legacyPosition`, are reordered, and have
 * a new one inserted first. This is a `terraform test` (state shared between runs) in the run's plan
 * batch: the change "event_identity" of planned-stacks.ts plans both configurations (with and
 * without legacyPosition) over the one applied state.
 */
describeWithTerraform()("a positional stack planned with named events (terraform test, mocked provider)", () => {
  let change: PlannedChange;
  let naive: PlannedChange;

  beforeAll(async () => {
    ({ named: change, naive } = await plannedChange("event_identity"));
  }, PLAN_TIMEOUT_MS);

  test("every resource of the six events moves; none is replaced; only the inserted event's resources (and its queue) are added, and the role's policy gets its statement", () => {
    expect(change.ok).toBe(true);
    expect(change.replaced).toEqual([]);
    expect(change.planLine).toBe("Plan: 2 to add, 1 to change, 0 to destroy.");
    // The one update: the execution policy gains the statement that lets the new event's poller read its queue.
    expect(change.updated).toEqual(["aws_iam_role_policy.Worker_ExecutionRole_Policy_20E9D940"]);
    expect([...change.moves].sort()).toEqual(
      [
        "aws_cloudwatch_event_rule.Worker_Event6Rule_C615A2DB -> aws_cloudwatch_event_rule.Worker_Event-eventbridge-default-113437_Rule_2ED835F3",
        "aws_cloudwatch_event_target.Worker_Event6Target_1E4DE7A8 -> aws_cloudwatch_event_target.Worker_Event-eventbridge-default-113437_Target_F34BF804",
        "aws_iam_role.Worker_Event5SchedulerRole_62594EE8 -> aws_iam_role.Worker_Event-schedule-rate-1-hour_SchedulerRole_C1EABE67",
        "aws_iam_role_policy.Worker_Event5SchedulerPolicy_162942FC -> aws_iam_role_policy.Worker_Event-schedule-rate-1-hour_SchedulerPolicy_9BA14DC0",
        "aws_lambda_event_source_mapping.Worker_Event1Mapping_19C5FA32 -> aws_lambda_event_source_mapping.Worker_Event-sqs-jobs_Mapping_2346D567",
        "aws_lambda_event_source_mapping.Worker_Event2Mapping_FA894F55 -> aws_lambda_event_source_mapping.Worker_Event-dynamodb-stream-orders_Mapping_9ECE0949",
        "aws_lambda_permission.Worker_Event3Permission_92EB7F20 -> aws_lambda_permission.Worker_Event-sns-events_Permission_1ED58278",
        "aws_lambda_permission.Worker_Event4Permission_ACD6B4A8 -> aws_lambda_permission.Worker_Event-s3-uploads-in_Permission_68C0C0E3",
        "aws_lambda_permission.Worker_Event6Permission_D407CB3B -> aws_lambda_permission.Worker_Event-eventbridge-default-113437_Permission_A72CE2FB",
        "aws_scheduler_schedule.Worker_Event5Schedule_1FDF9302 -> aws_scheduler_schedule.Worker_Event-schedule-rate-1-hour_Schedule_DDA4C55B",
        "aws_sns_topic_subscription.Worker_Event3Subscription_09162987 -> aws_sns_topic_subscription.Worker_Event-sns-events_Subscription_6A46DD91",
      ].sort(),
    );
    expect(change.output).toMatch(/# aws_sqs_queue\.Retries will be created/);
    expect(change.output).toMatch(/# aws_lambda_event_source_mapping\.Worker_Event-retries_Mapping_[0-9A-F]{8} will be created/);
  });

  test("without legacyPosition, the same change would replace the permissions, schedule, role and rule (their AWS names change)", () => {
    expect(naive.ok).toBe(true);
    expect(naive.moves).toEqual([]);
    // Nothing moves: every old resource is destroyed and its twin created under its new address.
    expect(naive.planLine).toBe("Plan: 13 to add, 2 to change, 11 to destroy.");
  });
});
