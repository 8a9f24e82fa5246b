import { arnOf, literal, type CatalogEntry } from "../entry";
import { prefixed } from "../names";

/** A CloudWatch metric alarm: it notifies its actions (SNS topics) when its metric crosses the threshold. */
export const entry: CatalogEntry = {
  type: "aws_cloudwatch_metric_alarm",
  // arn:aws:cloudwatch:<region>:<account>:alarm:<name>
  arn: (c, p) => arnOf(p, "cloudwatch", prefixed("alarm:", literal(c, "alarm_name"))),
  forceNew: ["alarm_name"],
  identity: ["id", "arn", "alarm_name"],
  local: { kind: "inert", why: "no metrics are gathered locally: an alarm never fires, so nothing is notified or rolled back" },
};
