import { catalogEntry, type LocalBlock, type ProviderFacts } from "../../modules/core/catalog";
import {
  classify,
  describeUnreadable,
  digValue,
  documentStatements,
  isObject,
  type Config,
  type ExpressionKind,
  type IamStatement,
  type ModelBlock,
  type TemplatePart,
  type UnknownAt,
} from "../../modules/core/terraform";
import { policyJson } from "./policy-json";
import type { Stack } from "./stack";

type Reference = Extract<ExpressionKind, { kind: "reference" }>;
type Interpolation = Extract<TemplatePart, { kind: "interpolation" }>;

/** How deep a value may lead through locals and arguments that name other values. */
const MAX_DEPTH = 32;

/**
 * The values apply would give a stack's arguments, as far as they can be had without applying:
 * the model resolves what synth can know (locals, `dynamic` blocks, `jsonencode`, known data
 * sources) and keeps references to the stack's resources as text; this gives each such reference
 * its value. A name or any other argument is what the block says; an ARN is the catalog's
 * `arn(config, facts)`; an attribute only apply knows comes from the catalog's `local.attributes`
 * (AWS's own form where AWS fixes it, else a fixed local stand-in). What cannot be had (a variable,
 * another stack's output, a data source read from the cloud, a function Terraform evaluates) is an
 * error naming the reference and the model's reason, never a guess.
 */
export class LocalValues {
  private readonly attributes = new Map<string, unknown>();
  private readonly computing = new Set<string>();

  constructor(
    readonly stack: Stack,
    /** The local AWS endpoint: queue URLs point at it (see the catalog's aws_sqs_queue). */
    readonly endpoint?: string,
  ) {}

  private get model() {
    return this.stack.model;
  }

  /** Any value of the stack (as its JSON or `block.config` holds it), every reference resolved; `where` names it in errors. */
  value(value: unknown, where: string): unknown {
    return this.deep(value, where, 0);
  }

  /** A value that must be text (a number or boolean is written as text). */
  text(value: unknown, where: string): string {
    const v = this.value(value, where);
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return String(v);
    throw new Error(`${where}: ${JSON.stringify(value)} is not text (it is ${JSON.stringify(v)})`);
  }

  /** Text, or undefined when the argument is unset or empty. */
  optionalText(value: unknown, where: string): string | undefined {
    return value === undefined || value === null || value === "" ? undefined : this.text(value, where);
  }

  /** A number (Terraform JSON may write one as text, or through a reference); `fallback` when unset. */
  number(value: unknown, fallback: number, where: string): number {
    if (value === undefined || value === null) return fallback;
    const n = Number(this.value(value, where));
    if (!Number.isFinite(n)) throw new Error(`${where}: ${JSON.stringify(value)} is not a number`);
    return n;
  }

  /** The texts of a list argument (a single value counts as a list of one; unset is none). */
  texts(value: unknown, where: string): string[] {
    const v = this.value(value, where);
    if (v === undefined || v === null) return [];
    return (Array.isArray(v) ? v : [v]).map((item) => (typeof item === "string" ? item : String(item)));
  }

  /** An attribute of a block of the stack (`arn`, `name`, `url`...) as text: `attribute("aws_sqs_queue.q", "url")`. */
  attribute(address: string, name: string, where: string): string {
    const v = this.attributeValue(address, name, where);
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return String(v);
    throw new Error(`${where}: ${address}.${name} is not text (it is ${JSON.stringify(v)})`);
  }

  /** IAM statements (the model's, text form) with every value resolved; IAM policy variables stay as written. */
  statements(statements: readonly IamStatement[], where: string): IamStatement[] {
    return statements.map((s) => {
      const at = `${where} ${s.label}`;
      const texts = (values: readonly string[]) => values.map((v) => this.text(v, at));
      return {
        ...s,
        actions: texts(s.actions),
        notActions: texts(s.notActions),
        resources: texts(s.resources),
        notResources: texts(s.notResources),
        principals: s.principals.map((p) => ({ type: this.text(p.type, at), identifiers: texts(p.identifiers) })),
        notPrincipals: s.notPrincipals.map((p) => ({ type: this.text(p.type, at), identifiers: texts(p.identifiers) })),
        conditions: s.conditions.map((c) => ({ test: this.text(c.test, at), variable: this.text(c.variable, at), values: texts(c.values) })),
      };
    });
  }

  /** The block of the stack a value names (`${aws_iam_role.r.arn}` names aws_iam_role.r), when it names exactly one. */
  blockNamedBy(value: unknown): ModelBlock | undefined {
    const addresses = this.model.referencedAddresses(value);
    return addresses.length === 1 ? this.model.block(addresses[0]) : undefined;
  }

  private deep(value: unknown, where: string, depth: number): unknown {
    if (typeof value === "string") return this.string(value, where, depth);
    if (Array.isArray(value)) return value.map((v) => this.deep(v, where, depth));
    if (isObject(value)) return Object.fromEntries(Object.entries(value).filter(([k]) => k !== "//").map(([k, v]) => [k, this.deep(v, where, depth)]));
    return value;
  }

  /** A string as a template: `"${x}"` alone keeps x's type; in longer text each part is written in. */
  private string(text: string, where: string, depth: number): unknown {
    if (!text.includes("${") && !text.includes("%{")) return text;
    const { parts } = this.model.parse(text);
    if (parts.length === 1 && parts[0].kind === "interpolation") return this.interpolation(parts[0], where, depth);
    let out = "";
    for (const part of parts) {
      if (part.kind === "text") out += part.text;
      else if (part.kind === "interpolation") {
        const v = this.interpolation(part, where, depth);
        if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") {
          throw new Error(`${where}: \${${part.source}} is ${Array.isArray(v) ? "a list" : "an object"}, which cannot be written into text`);
        }
        out += String(v);
      } else this.fail(text, where);
    }
    return out;
  }

  private interpolation(part: Interpolation, where: string, depth: number): unknown {
    const source = `\${${part.source}}`;
    const kind = classify(part.expression);
    if (kind.kind === "reference" && this.model.block(kind.address)) return this.reference(kind, source, where);
    if (depth >= MAX_DEPTH) throw new Error(`${where}: ${source} leads through more than ${MAX_DEPTH} values (it may refer to itself)`);
    // What the model can know (a local, jsonencode, a literal): its value, in text form, whose own
    // references are resolved in turn.
    const unknowns: UnknownAt[] = [];
    const resolved = this.model.resolve(source, unknowns);
    if (unknowns.length > 0) throw cannotResolve(where, unknowns[0]);
    return this.deep(resolved, where, depth + 1);
  }

  /** Why the model cannot read a text (a directive, an unparsable interpolation), as an error. */
  private fail(text: string, where: string): never {
    const unknowns: UnknownAt[] = [];
    this.model.resolve(text, unknowns);
    throw unknowns.length > 0 ? cannotResolve(where, unknowns[0]) : new Error(`${where}: cannot resolve ${JSON.stringify(text)} locally`);
  }

  private reference(kind: Reference, source: string, where: string): unknown {
    const [name, ...rest] = kind.attribute;
    if (typeof name !== "string") {
      throw new Error(`${where}: cannot resolve ${source} locally: ${name === undefined ? "a whole resource is not a value" : "the instances of a resource with count or for_each are only known when Terraform runs"}`);
    }
    const value = kind.mode === "data" ? this.dataAttribute(kind, name, source, where) : this.attributeValue(kind.address, name, where);
    if (rest.length === 0) return value;
    const found = digValue(value, rest, source);
    if (!found.ok) throw new Error(`${where}: cannot resolve ${source} locally: ${found.why}`);
    return found.value;
  }

  private attributeValue(address: string, name: string, where: string): unknown {
    const key = `${address}.${name}`;
    if (this.attributes.has(key)) return this.attributes.get(key);
    const block = this.model.block(address);
    if (!block) throw new Error(`${where}: ${address} is not in stack ${this.stack.name}`);
    if (this.computing.has(key)) throw new Error(`${where}: ${key} refers to itself`);
    this.computing.add(key);
    try {
      const entry = catalogEntry(block.typeKey);
      const local = entry?.local?.attributes?.[name];
      let value: unknown;
      if (local) {
        value = local(this.localBlock(block, where));
        if (value === undefined) throw new Error(`${where}: ${key} cannot be resolved locally: ${this.missingArguments(block)}`);
      } else if (name === "arn" && entry?.arn) {
        value = entry.arn(this.argumentsOf(block, where), this.facts(block, where));
        if (value === undefined) throw new Error(`${where}: ${key} cannot be built locally: ${this.missingArguments(block)}`);
      } else {
        const argument = entry?.passthrough?.[name] ?? name;
        if (block.config[argument] === undefined) throw new Error(`${where}: ${key} is not resolved locally`);
        value = this.deep(block.config[argument], `${address}.${argument}`, 0);
      }
      this.attributes.set(key, value);
      return value;
    } finally {
      this.computing.delete(key);
    }
  }

  /** A data source's attribute: what the model knows, a policy document's JSON, or the catalog's local value. */
  private dataAttribute(kind: Reference, name: string, source: string, where: string): unknown {
    const unknowns: UnknownAt[] = [];
    const plain = `\${${kind.address}.${name}}`;
    const known = this.model.resolve(plain, unknowns);
    if (unknowns.length > 0) throw cannotResolve(where, unknowns[0]);
    if (known !== plain) return this.deep(known, where, 1);
    const block = this.model.block(kind.address)!;
    const entry = catalogEntry(block.typeKey);
    if (entry?.grants?.some((g) => g.kind === "policy-document") && (name === "json" || name === "minified_json")) {
      const document = documentStatements(this.model, kind.address);
      if (document.unreadable.length > 0) throw new Error(`${where}: ${describeUnreadable(document.unreadable[0])}`);
      return JSON.stringify(policyJson(this.statements(document.statements, kind.address)));
    }
    const local = entry?.local?.attributes?.[name];
    const value = local?.(this.localBlock(block, where));
    if (value === undefined) throw new Error(`${where}: cannot resolve ${source} locally: ${kind.address}.${name} is read from the cloud when Terraform plans`);
    return value;
  }

  /** A block as its type's local attributes see it. */
  private localBlock(block: ModelBlock, where: string): LocalBlock {
    const facts = this.facts(block, where);
    return {
      name: block.name,
      argument: (n) => this.argument(block, n, where),
      attribute: (n) => this.attribute(block.address, n, where),
      arn: () => catalogEntry(block.typeKey)?.arn?.(this.argumentsOf(block, where), facts),
      facts,
      endpoint: this.endpoint,
    };
  }

  /** A top-level argument as text, or undefined when it is unset or cannot be resolved here. */
  private argument(block: ModelBlock, name: string, where: string): string | undefined {
    const raw = block.config[name];
    if (typeof raw !== "string" && typeof raw !== "number" && typeof raw !== "boolean") return undefined;
    try {
      return this.text(raw, `${where} ${block.address}.${name}`);
    } catch {
      return undefined;
    }
  }

  /** The block's arguments as an ARN form reads them: each top-level text argument resolved when it is read. */
  private argumentsOf(block: ModelBlock, where: string): Config {
    return new Proxy(block.config, {
      get: (target, property) => (typeof property === "string" && typeof target[property] === "string" ? this.argument(block, property, where) : target[property as string]),
    });
  }

  /** Why an ARN or local value could not be had: the arguments that are set but cannot be resolved, else a generated name. */
  private missingArguments(block: ModelBlock): string {
    const failures: string[] = [];
    for (const [name, raw] of Object.entries(block.config)) {
      if (typeof raw !== "string" || (!raw.includes("${") && !raw.includes("%{"))) continue;
      try {
        this.text(raw, `${block.address}.${name}`);
      } catch (error) {
        failures.push((error as Error).message);
      }
    }
    if (failures.length > 0) return failures.join("; ");
    const prefixes = Object.keys(block.config).filter((k) => k.endsWith("_prefix"));
    return prefixes.length > 0 ? `its name is generated from ${prefixes.join(", ")} when Terraform applies` : "an argument it is made of is not set";
  }

  /** The partition, region and account of a block's provider. */
  private facts(block: ModelBlock, where: string): ProviderFacts {
    const facts = this.model.providerFacts(block.address);
    if (!facts.partition || !facts.region || !facts.accountId) {
      throw new Error(`${where}: the provider of ${block.address} has no literal region or account: its ARNs cannot be built`);
    }
    return facts;
  }
}

function cannotResolve(where: string, unknown: UnknownAt): Error {
  return new Error(`${where}: cannot resolve ${unknown.what} locally: ${unknown.why}`);
}
