import { DataGoogleProject } from "@cdktf/provider-google/lib/data-google-project";
import { MonitoringNotificationChannel } from "@cdktf/provider-google/lib/monitoring-notification-channel";
import { PubsubTopic } from "@cdktf/provider-google/lib/pubsub-topic";
import { PubsubTopicIamMember } from "@cdktf/provider-google/lib/pubsub-topic-iam-member";
import { TerraformStack } from "cdktf";
import { Construct, type IConstruct } from "constructs";
import { matches } from "../core/rules";
import { optional, props, type TypeOf } from "../core/schema";
import { useRelativeLocalState } from "../core/relative-local-state";
import { Validator } from "../core/validation";
import { PROJECT_NUMBER } from "./gcp-limits";
import { ROLES } from "./iam";

const CHANNEL = matches(/^projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]\/notificationChannels\/[0-9]+$/, "a notification channel name, projects/<project>/notificationChannels/<id>");
const TOPIC_NAME = matches(/^[A-Za-z][A-Za-z0-9._~+%-]{2,254}$/, "a Pub/Sub topic id: 3 to 255 letters, digits or . _ ~ + % -, starting with a letter (not goog...)");

export const ALARM_CHANNEL_CHOICE = props(
  {
    /** An existing Cloud Monitoring notification channel every alert policy of the stack notifies (config `gcp.alarmNotificationChannel`). @default a channel the stack creates */
    notificationChannel: optional(CHANNEL),
    /**
     * The number of the stack's project (config `gcp.projectNumber`): the Monitoring notification agent
     * (`service-<number>@gcp-sa-monitoring-notification.iam.gserviceaccount.com`) is granted publishing
     * on the topic the stack creates. @default read at plan time with the `google_project` data source
     */
    projectNumber: optional(PROJECT_NUMBER),
    /** The id of the Pub/Sub topic the stack creates. @default `<stack id>-alarms` */
    topicName: optional(TOPIC_NAME),
  },
  {
    name: "useAlarmChannel choice",
    expected: "{ notificationChannel? } or { projectNumber?, topicName? }",
    refine(choice, r) {
      if (choice.notificationChannel === undefined) return;
      for (const key of ["projectNumber", "topicName"] as const) {
        if (choice[key] !== undefined) r.fail(key, "unset with notificationChannel (the stack creates no channel then)", choice[key]);
      }
    },
  },
);

export interface AlarmChannelChoice extends TypeOf<typeof ALARM_CHANNEL_CHOICE> {}

const CHOICE = Symbol.for("cdktf-serverless/alarm-channel");
const CHANNELS = Symbol.for("cdktf-serverless/alarm-channel-names");
type Marked = TerraformStack & { [CHOICE]?: AlarmChannelChoice; [CHANNELS]?: Map<string, string> };

/**
 * Says where the alert policies of `stack` notify: an existing notification channel, or how to make
 * the one the stack creates. Call it before the stack's first construct with alarms.
 */
export function useAlarmChannel(stack: TerraformStack, choice: AlarmChannelChoice): void {
  ALARM_CHANNEL_CHOICE.validate(stack, choice);
  const marked = stack as Marked;
  if (marked[CHANNELS] !== undefined) {
    new Validator("useAlarmChannel", stack.node.path)
      .fail("stack", "a stack whose alert policies have no channel yet (call useAlarmChannel before the first construct with alarms)", stack.node.path)
      .throwIfInvalid();
  }
  marked[CHOICE] = { ...choice };
}

/**
 * The notification channel the alert policies of `scope`'s stack in `project` notify: the one
 * `useAlarmChannel` named, else the stack's own `AlarmChannel` for that project (the provider's when
 * `project` is undefined), created by the first policy that asks.
 */
export function alarmChannelName(scope: IConstruct, project: string | undefined): string {
  const stack = TerraformStack.of(scope) as Marked;
  const choice = stack[CHOICE] ?? {};
  if (choice.notificationChannel !== undefined) return choice.notificationChannel;
  const channels = (stack[CHANNELS] ??= new Map());
  const key = project ?? "";
  let name = channels.get(key);
  if (name === undefined) {
    const id = channels.size === 0 ? "AlarmChannel" : `AlarmChannel-${project}`;
    name = new AlarmChannel(stack, id, { project, projectNumber: choice.projectNumber, topicName: choice.topicName ?? `${stack.node.id}-alarms` }).channelName;
    channels.set(key, name);
  }
  return name;
}

/**
 * The channel a stack's alert policies notify when config names none, the twin of the AWS alarm
 * topic: a Pub/Sub topic people and tools subscribe to, a `pubsub` notification channel on it, and
 * publishing on that topic only for Cloud Monitoring's notification agent of the project.
 */
export class AlarmChannel extends Construct {
  public readonly channelName: string;
  public readonly topic: PubsubTopic;

  constructor(scope: Construct, id: string, props: { readonly project?: string; readonly projectNumber?: string; readonly topicName: string }) {
    super(scope, id);
    useRelativeLocalState(this);
    const v = new Validator("AlarmChannel", this.node.path);
    v.check("topicName", props.topicName, TOPIC_NAME);
    v.throwIfInvalid();
    this.topic = new PubsubTopic(this, "Topic", { name: props.topicName, project: props.project });
    const number = props.projectNumber ?? new DataGoogleProject(this, "Project", { projectId: props.project }).number;
    const publisher = new PubsubTopicIamMember(this, "MonitoringPublishes", {
      topic: this.topic.id,
      project: props.project,
      role: ROLES.pubsubPublisher,
      member: `serviceAccount:service-${number}@gcp-sa-monitoring-notification.iam.gserviceaccount.com`,
    });
    const channel = new MonitoringNotificationChannel(this, "Channel", {
      displayName: `Alarms of ${TerraformStack.of(this).node.id}`,
      type: "pubsub",
      project: props.project,
      labels: { topic: this.topic.id },
      // Monitoring checks at creation that it may publish.
      dependsOn: [publisher],
    });
    this.channelName = channel.name;
  }
}
