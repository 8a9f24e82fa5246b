export * from "./rule";
export * from "./rule-guards";
export * from "./suppression";
export * from "./packs";
export * from "./rule-pack-aspect";
export { synthesizedResources, resourcesOf, ruleContext, referencedAddresses } from "./resources";
