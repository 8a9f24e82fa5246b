import type { DeployGrants } from "./grant";

/** EventBridge Scheduler schedules of the environment (`schedule/<group>/<name>`): in the default group, or in a group of the environment. */
const SCHEDULES = ["arn:{partition}:scheduler:{region}:{account}:schedule/default/{prefix}*", "arn:{partition}:scheduler:{region}:{account}:schedule/{prefix}*"];

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
