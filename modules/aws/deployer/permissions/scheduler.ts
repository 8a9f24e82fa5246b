import { environmentArn, type DeployGrants } from "./grant";

/** EventBridge Scheduler schedules of the environment (`schedule/<group>/<name>`): in the default group, or in a group of the environment. */
const SCHEDULES = [environmentArn("aws_scheduler_schedule", { name: "{prefix}*" }), environmentArn("aws_scheduler_schedule", { group_name: "{prefix}*", name: "*" })];

export const SCHEDULER_GRANTS: DeployGrants = {
  aws_scheduler_schedule: [
    { phase: "read", actions: ["scheduler:GetSchedule"], resources: SCHEDULES },
    {
      phase: "manage",
      actions: ["scheduler:CreateSchedule", "scheduler:UpdateSchedule", "scheduler:DeleteSchedule"],
      resources: SCHEDULES,
      passRole: { service: "scheduler.amazonaws.com", attribute: "target.role_arn" },
    },
  ],
};
