import type { IConstruct } from "constructs";
import { Validator } from "../validation";
import { ObjectSchema, type ObjectOptions } from "./object";
import { stackContext, type StackContext } from "../stack-context";
import type { Check, Fields, FieldsType } from "./schema";

export interface PropsOptions<T> extends ObjectOptions<T> {
  /** What the props are, as the error's headline says it: `ServerlessFunction props`. */
  readonly name: string;
  /** What the props must be when they are not an object: `an object with at least functionName and one code source`. */
  readonly expected: string;
  /**
   * Refuse Terraform template syntax (`${...}`, `%{...}`) written as text anywhere in the props
   * (`Validator.noTemplateSyntax`): Terraform would evaluate it on the machine that plans.
   * @default true
   */
  readonly noTemplateSyntax?: boolean;
  /** The prop named when the value is not an object at all. @default "props" */
  readonly rootProp?: string;
}

/**
 * The schema of a construct's props (or of a config file): an object schema that also refuses
 * template syntax anywhere in it, and that checks a whole value at once, throwing one
 * `ValidationError` that lists every problem (`validate`).
 */
export class PropsSchema<F extends Fields, T = FieldsType<F>> extends ObjectSchema<F, T> {
  /** What the props are, as the error's headline says it: `ServerlessFunction props`. */
  public readonly name: string;
  private readonly templates: boolean;
  private readonly rootProp: string;

  constructor(fields: F, options: PropsOptions<T>) {
    super(fields, options);
    this.name = options.name;
    this.templates = options.noTemplateSyntax ?? true;
    this.rootProp = options.rootProp ?? "props";
  }

  /**
   * Checks the props of the construct `scope` (named by its path in every problem); throws one
   * `ValidationError` listing every problem, before anything is created.
   */
  public validate(scope: IConstruct, props: unknown): void {
    this.validateAt(scope.node.path, props, scope);
  }

  /** Checks a value found at `path` (a construct path, or `config/<env>` for config); throws one `ValidationError`. */
  public validateAt(path: string, value: unknown, scope?: IConstruct): void {
    const v = new Validator(this.name, path);
    this.checkRoot(v, value, scope);
    v.throwIfInvalid();
  }

  /** Records the problems of a whole value on `v` (`validateAt` without the throw); stops at a value that is not an object. */
  public checkRoot(v: Validator, value: unknown, scope?: IConstruct): void {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      v.fail(this.rootProp, this.description, value);
      v.throwIfInvalid();
    }
    const contexts = new Map<keyof StackContext, StackContext>();
    const context = (cloud: keyof StackContext): StackContext => {
      let known = contexts.get(cloud);
      if (known === undefined) contexts.set(cloud, (known = scope ? stackContext(scope, cloud) : {}));
      return known;
    };
    const c: Check = { v, scope, kind: this.name, context };
    const object = value as Record<string, unknown>;
    this.checkKeys(c, "", object);
    if (this.templates) v.noTemplateSyntax("", object);
    this.checkFields(c, "", object);
  }

  /** The same schema typed as `N` (see `ObjectSchema.named`). */
  public override named<N extends T>(..._same: [T] extends [N] ? [] : [never]): PropsSchema<F, N> {
    return this as unknown as PropsSchema<F, N>;
  }
}

/** The schema of a construct's props: see `PropsSchema`. */
export function props<F extends Fields>(fields: F, options: PropsOptions<FieldsType<F>>): PropsSchema<F> {
  return new PropsSchema(fields, options);
}
