export * from "./rule";
export * from "./suppression";
export * from "./packs";
export * from "./rule-pack-aspect";
export { synthesizedResources, ruleContext, referencedAddresses } from "./resources";
