import type { IConstruct } from "constructs";
import type { Rule, Validator } from "../validation";
import type { StackContext } from "../stack-context";
import { at, contextOf, type Check } from "./schema";

/**
 * What a refinement (a rule across fields: "exactly one code source", "at most maxInstances") gets
 * besides the value: where the value is, and how to report a problem on one of its fields.
 */
export class Refinement {
  constructor(
    private readonly c: Check,
    /** The prop path of the refined value: `""` for the props themselves, `vpc`, `events[0]`. */
    public readonly prop: string,
  ) {}

  /** The validator of the whole construct or config file, for shared checks that take a full prop path. */
  get v(): Validator {
    return this.c.v;
  }

  /** The construct whose props are checked; undefined for config. */
  get scope(): IConstruct | undefined {
    return this.c.scope;
  }

  /** What is checked, as the error's headline says it (`ServerlessFunction props`, `config`). */
  get kind(): string {
    return this.c.kind;
  }

  /** What the stack's provider of `cloud` says (region, partition, the one account, default tags), read once per validation. */
  context(cloud: keyof StackContext): StackContext {
    return contextOf(this.c, cloud);
  }

  /** The prop path of a field of the refined value: `at("batchSize")` is `events[0].batchSize`. */
  at(...keys: readonly (string | number)[]): string {
    return at(this.prop, ...keys);
  }

  /** Records a problem on a field (`key`), or on the refined value itself with no key. */
  fail(key: string | number | undefined, rule: string, received: unknown): this {
    this.c.v.fail(key === undefined ? this.prop || "props" : this.at(key), rule, received);
    return this;
  }

  /** Checks a field's value against a rule (undefined and tokens pass), as a schema field would. */
  check<T>(key: string | number, value: T | undefined, rule: Rule<T>): this {
    this.c.v.check(this.at(key), value, rule);
    return this;
  }
}
