import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { alarmTopicArn, useAlarmTopic } from "../../../modules/aws/alarm-topic";
import { resolved, resources, synth, validationError } from "./support";

function stack(id = "svc-dev"): TerraformStack {
  const s = new TerraformStack(Testing.app(), id);
  new AwsProvider(s, "aws", { region: "eu-west-1", allowedAccountIds: ["111111111111"] });
  return s;
}

describe("the alarm topic of a stack", () => {
  test("created once, on first use: a standard topic under its own rotated key, named after the stack", () => {
    const s = stack();
    const arn = alarmTopicArn(s);
    expect(alarmTopicArn(s)).toBe(arn);
    const json = synth(s);
    expect(Object.values(resources(json, "aws_sns_topic")).map((t: any) => [t.name, t.fifo_topic])).toEqual([["svc-dev-alarms", undefined]]);
    expect(Object.values(resources(json, "aws_kms_key")).map((k: any) => k.enable_key_rotation)).toEqual([true]);
    expect(resolved(s, arn)).toMatch(/^\$\{aws_sns_topic\.[A-Za-z0-9_]+\.arn\}$/);
  });

  test("an existing topic from config: nothing created; another region's topic or a name with it is refused", () => {
    const s = stack();
    useAlarmTopic(s, { topicArn: "arn:aws:sns:eu-west-1:111111111111:ops-alarms" });
    expect(alarmTopicArn(s)).toBe("arn:aws:sns:eu-west-1:111111111111:ops-alarms");
    expect(resources(synth(s), "aws_sns_topic")).toEqual({});

    const wrong = validationError(() => useAlarmTopic(stack(), { topicArn: "arn:aws:sns:us-east-1:111111111111:ops-alarms", topicName: "x" }));
    expect(wrong.problems.map((p) => p.prop).sort()).toEqual(["topicArn", "topicName"]);
  });

  test("useAlarmTopic after the stack's first alarm topic is refused", () => {
    const s = stack();
    alarmTopicArn(s);
    expect(() => useAlarmTopic(s, { topicName: "late" })).toThrow(/call useAlarmTopic before the first construct with alarms/);
  });
});
