export * from "./serverless-function";
export * from "./lambda-layer";
export * from "./http-api";
export * from "./ecr-repository";
export * from "./state-bucket";
export { EgressOnlySecurityGroup, type EgressOnlySecurityGroupProps } from "./egress-only-security-group";
export type { PolicyStatement, PolicyConditionBlock, PolicyConditionMap } from "../core/policy/policy-statement";
export { AlarmTopic, useAlarmTopic, type AlarmTopicChoice } from "./alarm-topic";
