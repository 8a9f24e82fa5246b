// The model of synthesized Terraform (JSON level: no cdktf, no provider package). Inside a synth,
// `./stack` builds it from a TerraformStack.
export * from "./blocks";
export * from "./syntax";
export * from "./parse";
export * from "./classify";
export * from "./resolve";
export * from "./unreadable";
export * from "./model";
export * from "./iam-statement";
export * from "./policies";
export * from "./json-duplicates";
export * from "./gcp-grants";
export * from "./network-rules";
export * from "./acl-grants";
