export type { FunctionEvent, EventBridgeEvent, S3Event, ScheduleEvent, SnsEvent, SqsEvent, StreamEvent } from "./function-event";
export type { FilterPattern } from "./polling";
export { S3_EVENT_TYPES } from "./s3-event";
