export * from "./artifact-registry-repository";
export * from "./cloud-run-service";
export * from "./deployer-identity";
export { ROLES as GCP_ROLES } from "./iam";
export { AlarmChannel, useAlarmChannel, type AlarmChannelChoice } from "./alarm-channel";
