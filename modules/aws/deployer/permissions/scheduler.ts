import type { DeployGrants } from "./grant";

/** EventBridge Scheduler schedules of the environment, in any group (`schedule/<group>/<name>`). */
const SCHEDULE = "arn:{partition}:scheduler:{region}:{account}:schedule/*/{prefix}*";

export const SCHEDULER_GRANTS: DeployGrants = {
  aws_scheduler_schedule: [
    { phase: "read", actions: ["scheduler:GetSchedule"], resources: [SCHEDULE] },
    {
      phase: "manage",
      actions: ["scheduler:CreateSchedule", "scheduler:UpdateSchedule", "scheduler:DeleteSchedule"],
      resources: [SCHEDULE],
      passRole: { service: "scheduler.amazonaws.com", attribute: "target.role_arn" },
    },
  ],
};
