import { catalogEntry } from "../catalog";
import { IDENTITY_ATTRIBUTES, type ProviderFacts } from "../catalog/entry";
import { awsPartitionOf } from "../regions";
import { blocks, isObject, list, stripMetadata, type Config } from "./blocks";
import { addressOf, referencesOf, type ExpressionKind } from "./classify";
import { parseTemplate } from "./parse";
import { digValue, markSet, needsResolution, resolveValue, type Resolved, type ResolveScope, type UnknownAt } from "./resolve";
import type { Template } from "./syntax";
import type { Unreadable } from "./unreadable";

/** `managed` for `resource` blocks, `data` for data sources, `module` for module calls. */
export type BlockMode = "managed" | "data" | "module";

/**
 * One block of a stack: a resource, a data source or a module call. Its identity is its Terraform
 * address; `displayPath` (cdktf's `//.metadata.path`) is for messages only, since an override can
 * rewrite it.
 */
export interface ModelBlock {
  readonly mode: BlockMode;
  /** Terraform type (`aws_lambda_function`); `module` for a module call. */
  readonly type: string;
  readonly name: string;
  /** `aws_x.y`, `data.aws_x.y`, `module.m`. */
  readonly address: string;
  /** `aws_x` or `data.aws_x` (`module` for modules): what the catalog and `ofType` are keyed by. */
  readonly typeKey: string;
  /** The arguments as written, `//` metadata removed at every level. */
  readonly raw: Config;
  /**
   * The arguments as Terraform will see them, as far as synth can tell: `dynamic` blocks over known
   * lists expanded, locals, literal expressions and known data sources folded in, references to the
   * stack's resources kept (see `resolve.ts`). Computed on first use.
   */
  readonly config: Config;
  /** cdktf's construct path of the block, when the JSON records one. For display. */
  readonly displayPath?: string;
}

/** A `variable` block. */
export interface ModelVariable {
  readonly name: string;
  readonly default?: unknown;
  readonly hasDefault: boolean;
  readonly type?: unknown;
}

/** Options for loading a model. */
export interface ModelOptions {
  /** The stack's name, for messages. @default "stack" */
  readonly name?: string;
}

/**
 * The house's one model of a synthesized stack (Terraform JSON): its blocks by address, its
 * locals, variables, outputs and providers, the one reference parser (each distinct string parsed
 * once), the resolution of what synth can know, and every place it cannot read. Load it from a
 * `cdk.tf.json` object (`TerraformModel.fromJson`) or, inside a synth, from a stack
 * (`stackModel` in `./stack`, which renders the stack once).
 */
export class TerraformModel {
  public readonly name: string;
  /** The Terraform JSON as given (metadata included). */
  public readonly json: Config;
  public readonly blocks: readonly ModelBlock[];
  private readonly byAddress = new Map<string, ModelBlock>();
  private readonly byType = new Map<string, ModelBlock[]>();
  private readonly textAddresses = new Map<string, readonly string[]>();
  private readonly unreadableOf = new Map<string, Unreadable[]>();
  private readonly facts = new Map<string, ProviderFacts>();
  private readonly localValues = new Map<string, Resolved>();
  private readonly localsInProgress = new Set<string>();
  private readonly resolved = new Map<string, { config: Config; unknowns: UnknownAt[] }>();
  private readonly resolving = new Set<string>();
  private readonly attributeValues = new Map<string, Resolved>();
  private providerList?: { type: string; alias?: string; config: Config }[];
  private readonly scope: ResolveScope;

  public static fromJson(json: unknown, options: ModelOptions = {}): TerraformModel {
    if (!isObject(json)) throw new Error(`${options.name ?? "stack"}: Terraform JSON must be an object, got ${json === null ? "null" : typeof json}`);
    return new TerraformModel(json, options);
  }

  protected constructor(json: Config, options: ModelOptions) {
    this.name = options.name ?? "stack";
    this.json = json;
    const found: ModelBlock[] = [];
    const add = (mode: BlockMode, type: string, name: string, raw: unknown) => {
      if (!isObject(raw)) return;
      const address = mode === "module" ? `module.${name}` : mode === "data" ? `data.${type}.${name}` : `${type}.${name}`;
      const metadataPath = isObject(raw["//"]) && isObject((raw["//"] as Config).metadata) ? ((raw["//"] as Config).metadata as Config).path : undefined;
      const model = this;
      let stripped: Config | undefined;
      const block: ModelBlock = {
        mode,
        type,
        name,
        address,
        typeKey: mode === "module" ? "module" : mode === "data" ? `data.${type}` : type,
        get raw() {
          return (stripped ??= stripMetadata(raw));
        },
        get config() {
          return model.resolveBlock(address).config;
        },
        ...(typeof metadataPath === "string" ? { displayPath: metadataPath } : {}),
      };
      found.push(block);
    };
    for (const [mode, key] of [["managed", "resource"], ["data", "data"]] as const) {
      const section = json[key];
      if (!isObject(section)) continue;
      for (const [type, named] of Object.entries(section)) {
        if (isObject(named)) for (const [name, raw] of Object.entries(named)) add(mode, type, name, raw);
      }
    }
    if (isObject(json.module)) for (const [name, raw] of Object.entries(json.module)) add("module", "module", name, raw);
    this.blocks = found;
    for (const b of found) {
      this.byAddress.set(b.address, b);
      const list = this.byType.get(b.typeKey);
      if (list) list.push(b);
      else this.byType.set(b.typeKey, [b]);
    }
    this.scope = {
      parse: (text) => this.parse(text),
      local: (name) => this.local(name),
      reference: (kind, source) => this.reference(kind, source),
    };
  }

  /** The block at an address (`aws_x.y`, `data.aws_x.y`, `module.m`). */
  public block(address: string): ModelBlock | undefined {
    return this.byAddress.get(address);
  }

  /** The blocks of a type key: `aws_s3_bucket`, `data.aws_iam_policy_document`, `module`. */
  public ofType(typeKey: string): readonly ModelBlock[] {
    return this.byType.get(typeKey) ?? [];
  }

  /**
   * A string of the stack parsed as a template, once per distinct string in the process: stacks of
   * one app repeat the same references (logical ids do not depend on the stack), and parsed
   * templates never change.
   */
  public parse(text: string): Template {
    let t = SHARED_TEMPLATES.get(text);
    if (!t) {
      // A bound keeps a long process (the local runner, a watch) small.
      if (SHARED_TEMPLATES.size >= 50_000) SHARED_TEMPLATES.clear();
      SHARED_TEMPLATES.set(text, (t = parseTemplate(text)));
    }
    return t;
  }

  /** What every `${...}` inside a value refers to (resources, data sources, modules, variables, locals...), each once. */
  public references(value: unknown): ExpressionKind[] {
    const out = new Map<string, ExpressionKind>();
    const visit = (v: unknown): void => {
      if (typeof v === "string") {
        if (!v.includes("${") && !v.includes("%{")) return;
        let found = SHARED_REFERENCES.get(v);
        if (!found) {
          if (SHARED_REFERENCES.size >= 50_000) SHARED_REFERENCES.clear();
          found = this.parse(v).parts.flatMap((part) => (part.kind === "interpolation" ? referencesOf(part.expression) : []));
          SHARED_REFERENCES.set(v, found);
        }
        for (const r of found) out.set(JSON.stringify(r), r);
      } else if (Array.isArray(v)) v.forEach(visit);
      else if (isObject(v)) Object.values(v).forEach(visit);
    };
    visit(value);
    return [...out.values()];
  }

  /** The addresses of the stack's blocks that a value refers to (`aws_x.y`, `data.t.n`, `module.m`), each once. */
  public referencedAddresses(value: unknown): string[] {
    const out = new Set<string>();
    const visit = (v: unknown): void => {
      if (typeof v === "string") {
        if (!v.includes("${") && !v.includes("%{")) return;
        let found = this.textAddresses.get(v);
        if (!found) {
          found = [...new Set(this.references(v).map(addressOf).filter((a): a is string => a !== undefined))];
          this.textAddresses.set(v, found);
        }
        for (const a of found) if (this.byAddress.has(a)) out.add(a);
      } else if (Array.isArray(v)) v.forEach(visit);
      else if (isObject(v)) Object.values(v).forEach(visit);
    };
    visit(value);
    return [...out];
  }

  /** The `variable` blocks. */
  public variables(): ModelVariable[] {
    const section = this.json.variable;
    if (!isObject(section)) return [];
    return Object.entries(section).map(([name, raw]) => {
      const v = isObject(raw) ? raw : {};
      return { name, default: v.default, hasDefault: "default" in v, type: v.type };
    });
  }

  public variable(name: string): ModelVariable | undefined {
    return this.variables().find((v) => v.name === name);
  }

  /** The `output` blocks, as written. */
  public outputs(): Readonly<Record<string, Config>> {
    return isObject(this.json.output) ? (stripMetadata(this.json.output) as Record<string, Config>) : {};
  }

  /** The names of the `locals`. */
  public localNames(): string[] {
    return isObject(this.json.locals) ? Object.keys(this.json.locals) : [];
  }

  /** The value of `local.<name>` in text form, or why it is not known. */
  public local(name: string): Resolved {
    const cached = this.localValues.get(name);
    if (cached) return cached;
    const locals = isObject(this.json.locals) ? this.json.locals : {};
    if (!(name in locals)) return { ok: false, what: `local.${name}`, why: "no such local" };
    if (this.localsInProgress.has(name)) return { ok: false, what: `local.${name}`, why: "it refers to itself" };
    this.localsInProgress.add(name);
    const unknowns: UnknownAt[] = [];
    const value = resolveValue(locals[name], this.scope, "", unknowns);
    this.localsInProgress.delete(name);
    const result: Resolved = unknowns.length === 0 ? { ok: true, value } : { ok: false, what: `local.${name}`, why: `${unknowns[0].what}: ${unknowns[0].why}` };
    this.localValues.set(name, result);
    return result;
  }

  /** Every provider block: type, alias and resolved arguments. */
  public providers(): readonly { readonly type: string; readonly alias?: string; readonly config: Config }[] {
    if (!this.providerList) {
      const out: { type: string; alias?: string; config: Config }[] = [];
      const section = isObject(this.json.provider) ? this.json.provider : {};
      for (const [type, value] of Object.entries(section)) {
        for (const raw of blocks(value)) {
          const config = resolveValue(stripMetadata(raw), this.scope, "", []) as Config;
          out.push({ type, alias: typeof config.alias === "string" ? config.alias : undefined, config });
        }
      }
      this.providerList = out;
    }
    return this.providerList;
  }

  /**
   * What the provider of a block (its `provider` argument, else the default provider of its type's
   * prefix) says: partition, region and account (AWS), project and region (GCP). A value only
   * Terraform knows is left out.
   */
  public providerFacts(address?: string): ProviderFacts {
    const b = address ? this.block(address) : undefined;
    const own = b ? this.jsonOf(b) : undefined;
    const ref = typeof own?.provider === "string" ? own.provider.replace(/^\$\{(.*)\}$/, "$1") : undefined;
    const [providerType, alias] = ref ? ref.split(".") : [providerTypeOf(b?.type ?? "aws_"), undefined];
    // GCP facts depend on the block's own project; AWS facts only on the provider.
    const key = `${providerType}.${alias ?? ""}${providerType.startsWith("google") ? `#${String(own?.project)}` : ""}`;
    const cached = this.facts.get(key);
    if (cached) return cached;
    const facts = this.computeFacts(providerType, alias, b);
    this.facts.set(key, facts);
    return facts;
  }

  private computeFacts(providerType: string, alias: string | undefined, b: ModelBlock | undefined): ProviderFacts {
    const provider = this.providers().find((p) => p.type === providerType && p.alias === alias);
    const c = provider?.config ?? {};
    const text = (v: unknown) => (typeof v === "string" && v !== "" && !v.includes("${") ? v : undefined);
    if (providerType === "google" || providerType === "google-beta") {
      const project = text(b ? this.jsonOf(b).project : undefined) ?? text(c.project);
      const region = text(c.region);
      return { ...(project ? { project } : {}), ...(region ? { region } : {}) };
    }
    const region = text(c.region);
    const partition = region ? awsPartitionOf(region) : undefined;
    const accounts = list(c.allowed_account_ids);
    const accountId = accounts.length === 1 ? text(accounts[0]) : undefined;
    return { ...(partition ? { partition, region } : {}), ...(accountId && /^\d{12}$/.test(accountId) ? { accountId } : {}) };
  }

  /** Resolves any value of the stack (as `block.config` is resolved); `unknowns` gets what cannot be read. */
  public resolve(value: unknown, unknowns: UnknownAt[] = [], path = ""): unknown {
    return resolveValue(value, this.scope, path, unknowns);
  }

  /** Every place of a block the model cannot read (see `Unreadable`); of every block when no address is given. */
  public unreadable(address?: string): Unreadable[] {
    if (address === undefined) return this.blocks.flatMap((b) => this.unreadable(b.address));
    let found = this.unreadableOf.get(address);
    if (!found) {
      found = this.block(address) ? this.resolveBlock(address).unknowns.map((u) => ({ address, path: u.path, what: u.what, why: u.why })) : [];
      this.unreadableOf.set(address, found);
    }
    return [...found];
  }

  /** The resolved arguments of a block and what could not be read in them (computed once). */
  public resolveBlock(address: string): { config: Config; unknowns: UnknownAt[] } {
    const cached = this.resolved.get(address);
    if (cached) return cached;
    const b = this.byAddress.get(address);
    if (!b) return { config: {}, unknowns: [] };
    if (this.resolving.has(address)) return { config: b.raw, unknowns: [] };
    this.resolving.add(address);
    const unknowns: UnknownAt[] = [];
    const config = this.resolveBody(this.jsonOf(b), this.scope, "", unknowns, true) as Config;
    if (b.mode === "module") {
      const source = typeof b.raw.source === "string" ? ` (${b.raw.source})` : "";
      unknowns.unshift({ path: "", what: `module "${b.name}"${source}`, why: "a module creates resources and policies this stack does not describe" });
    }
    this.resolving.delete(address);
    const result = { config, unknowns };
    this.resolved.set(address, result);
    return result;
  }

  /** The block as the JSON holds it (its `//` metadata is skipped when it is resolved). */
  private jsonOf(b: ModelBlock): Config {
    const section = b.mode === "module" ? this.json.module : this.json[b.mode === "data" ? "data" : "resource"];
    const raw = b.mode === "module" ? (section as Config)[b.name] : ((section as Config)[b.type] as Config)[b.name];
    return raw as Config;
  }

  /**
   * A block body: nested blocks walked, `dynamic` blocks expanded where their list is known. An
   * object in which nothing changes is returned as it is (no copy).
   */
  private resolveBody(body: Config, scope: ResolveScope, path: string, unknowns: UnknownAt[], top: boolean): Config {
    if (!top && !needsResolution(body)) return body;
    let out: Record<string, unknown> | undefined;
    const at = (key: string) => (path === "" ? key : `${path}.${key}`);
    const dynamic = isDynamic(body.dynamic);
    const entries = Object.entries(body);
    const copy = (i: number) => (out ??= Object.fromEntries(entries.slice(0, i).filter(([k]) => k !== "//" && !(k === "dynamic" && dynamic))));
    if (dynamic) copy(0);
    for (let i = 0; i < entries.length; i++) {
      const [key, value] = entries[i];
      if (key === "//" || (key === "dynamic" && dynamic)) {
        copy(i);
        continue;
      }
      if (top && (key === "provisioner" || key === "connection" || key === "lifecycle" || key === "depends_on")) {
        if (out) out[key] = value;
        if (key === "provisioner") {
          list(value).forEach((p, n) => {
            const kinds = isObject(p) ? Object.keys(p).join(", ") : "?";
            unknowns.push({ path: `provisioner[${n}]`, what: `provisioner "${kinds}"`, why: "runs a command on the machine that applies, with its credentials: nothing in the configuration says what it does" });
          });
        }
        continue;
      }
      const resolved = this.resolveNested(value, scope, at(key), unknowns);
      if (resolved !== value) copy(i);
      if (out) out[key] = resolved;
    }
    if (dynamic) this.expandDynamic(body.dynamic as Config, scope, path, unknowns, out!);
    return out ?? body;
  }

  private resolveNested(value: unknown, scope: ResolveScope, path: string, unknowns: UnknownAt[]): unknown {
    if (typeof value !== "string" && !needsResolution(value)) return value;
    if (isObject(value)) return this.resolveBody(value, scope, path, unknowns, false);
    if (Array.isArray(value) && value.length > 0 && value.every(isObject)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const r = this.resolveBody(value[i] as Config, scope, `${path}[${i}]`, unknowns, false);
        if (r !== value[i] && !out) out = value.slice(0, i);
        if (out) out.push(r);
      }
      return out ?? value;
    }
    return resolveValue(value, scope, path, unknowns);
  }

  /** `dynamic "x" { for_each, iterator, content }`: one `x` block per element of a known collection. */
  private expandDynamic(dynamic: Config, scope: ResolveScope, path: string, unknowns: UnknownAt[], out: Record<string, unknown>): void {
    const at = (key: string) => (path === "" ? key : `${path}.${key}`);
    for (const [blockType, specs] of Object.entries(dynamic)) {
      const generated: unknown[] = [];
      let unexpanded = false;
      for (const spec of blocks(specs)) {
        const found: UnknownAt[] = [];
        const collection = resolveValue(spec.for_each, scope, at(`dynamic.${blockType}.for_each`), found);
        const entries = found.length === 0 ? iterate(collection) : undefined;
        if (!entries) {
          unexpanded = true;
          const why = found.length > 0 ? `${found[0].what}: ${found[0].why}` : `${JSON.stringify(collection)} is not a list or map synth can read`;
          unknowns.push({ path: at(`dynamic.${blockType}`), what: `dynamic "${blockType}"`, why: `its for_each: ${why}` });
          continue;
        }
        const iterator = typeof spec.iterator === "string" ? spec.iterator : blockType;
        // Terraform JSON writes the one `content` block as an object or a list of one object.
        const contents = blocks(spec.content);
        if (contents.length > 1) {
          unexpanded = true;
          unknowns.push({ path: at(`dynamic.${blockType}.content`), what: `dynamic "${blockType}"`, why: `${contents.length} content blocks (Terraform refuses more than one)` });
          continue;
        }
        const content = contents[0] ?? {};
        for (const [key, value] of entries) {
          const inner: ResolveScope = { ...scope, iterators: new Map([...(scope.iterators ?? []), [iterator, { key, value }]]) };
          generated.push(this.resolveBody(content, inner, at(`${blockType}[${generated.length + list(out[blockType]).length}]`), unknowns, false));
        }
      }
      if (generated.length > 0) out[blockType] = [...blocks(out[blockType]), ...generated];
      if (unexpanded) {
        const kept = isObject(out.dynamic) ? { ...(out.dynamic as Config) } : {};
        kept[blockType] = specs;
        out.dynamic = kept;
      }
    }
  }

  /** What a reference is worth at synth (see `ResolveScope.reference`). */
  private reference(kind: ExpressionKind, source: string): Resolved {
    const no = (why: string): Resolved => ({ ok: false, what: `\${${source}}`, why });
    switch (kind.kind) {
      case "variable": {
        const v = this.variable(kind.name);
        if (!v) return no(`var.${kind.name} is not declared in the stack`);
        const shown = v.hasDefault ? `its default is ${JSON.stringify(v.default)}` : "it has no default";
        return no(`var.${kind.name} can be set when Terraform runs (-var, a .tfvars file, TF_VAR_${kind.name}, an HCP Terraform workspace variable); ${shown}`);
      }
      case "module":
        return no(`an output of module "${kind.name}", which creates what this stack does not describe`);
      case "remote-state":
        return no(`an output of another stack or workspace (${kind.address}), read when Terraform runs`);
      case "meta":
        return no(
          kind.root === "each" || kind.root === "count"
            ? `${kind.root}.${kind.attribute.join(".")}: the instances of a resource with ${kind.root === "each" ? "for_each" : "count"} are only known when Terraform runs`
            : `${kind.root}.${kind.attribute.join(".")} is only known when Terraform runs`,
        );
      case "reference":
        return kind.mode === "data" ? this.dataReference(kind, source) : this.managedReference(kind, source);
      default:
        return no("a value only Terraform knows");
    }
  }

  private managedReference(kind: Extract<ExpressionKind, { kind: "reference" }>, source: string): Resolved {
    const no = (why: string): Resolved => ({ ok: false, what: `\${${source}}`, why });
    const b = this.block(kind.address);
    if (!b) return no(`${kind.address} is not in the stack`);
    const entry = catalogEntry(kind.type);
    const asReference: Resolved = { ok: true, value: `\${${source}}`, reference: true };
    // `aws_x.y[0].arn`: an instance of a resource with count.
    const steps = typeof kind.attribute[0] === "number" ? kind.attribute.slice(1) : kind.attribute;
    const [attribute, ...rest] = steps;
    if (attribute === undefined) return asReference;
    if (typeof attribute !== "string") return no(`${source} indexes the resource`);
    if (!entry) return no(`an attribute of ${kind.type}, a type the catalog does not describe (modules/core/catalog)`);
    const argument = entry.passthrough?.[attribute] ?? attribute;
    const identity = entry.identity ?? IDENTITY_ATTRIBUTES;
    if (argument === "//" || !(argument in this.jsonOf(b)) || (identity.includes(argument) && argument === attribute)) return asReference;
    // An argument that is more than a name: read through to what it holds.
    return this.argumentValue(b, [argument, ...rest], source);
  }

  private argumentValue(b: ModelBlock, steps: readonly (string | number)[], source: string): Resolved {
    const key = `${b.address}#${JSON.stringify(steps)}`;
    const cached = this.attributeValues.get(key);
    if (cached) return cached;
    if (this.resolving.has(b.address)) return { ok: true, value: `\${${source}}`, reference: true };
    this.resolving.add(b.address);
    const unknowns: UnknownAt[] = [];
    const [first, ...rest] = steps as [string, ...(string | number)[]];
    const value = this.resolveNested(this.jsonOf(b)[first], this.scope, first, unknowns);
    this.resolving.delete(b.address);
    const found = digValue(value, rest, source);
    const result: Resolved =
      unknowns.length > 0
        ? { ok: false, what: `\${${source}}`, why: `carried through ${b.address}.${first}: ${unknowns[0].what}: ${unknowns[0].why}` }
        : found.ok
          ? found
          : { ok: false, what: `\${${source}}`, why: found.why };
    this.attributeValues.set(key, result);
    return result;
  }

  private dataReference(kind: Extract<ExpressionKind, { kind: "reference" }>, source: string): Resolved {
    const no = (why: string): Resolved => ({ ok: false, what: `\${${source}}`, why });
    const b = this.block(kind.address);
    if (!b) return no(`${kind.address} is not in the stack`);
    const [attribute, ...rest] = kind.attribute;
    const asReference: Resolved = { ok: true, value: `\${${source}}`, reference: true };
    if (attribute === undefined || typeof attribute !== "string") return no(`${source} is a whole data source`);
    const entry = catalogEntry(`data.${kind.type}`);
    if (!entry) return no(`${kind.address} reads ${kind.type} when Terraform plans, and the catalog does not know what it returns (modules/core/catalog)`);
    if (entry.data) {
      const known = entry.data(attribute, b.config, this.providerFacts(b.address));
      if (!known) return no(`${kind.address}.${attribute} is read from the cloud when Terraform plans`);
      if ("identity" in known) return asReference;
      return rest.length === 0 ? { ok: true, value: known.value } : digValue(known.value, rest, source);
    }
    const identity = entry.identity ?? IDENTITY_ATTRIBUTES;
    return identity.includes(attribute) ? asReference : no(`${kind.address}.${attribute} is read from the cloud when Terraform plans`);
  }
}

const SHARED_TEMPLATES = new Map<string, Template>();
const SHARED_REFERENCES = new Map<string, readonly ExpressionKind[]>();

/** The provider a type belongs to by default: its name's first word (`google_...` -> `google`). */
function providerTypeOf(type: string): string {
  return type.split("_")[0];
}

/** True for a `dynamic` argument: block types mapped to `{ for_each, content }` specs. */
function isDynamic(value: unknown): boolean {
  return isObject(value) && Object.values(value).length > 0 && Object.values(value).every((v) => blocks(v).length > 0 && blocks(v).every((s) => "for_each" in s || "content" in s));
}

/** The (key, value) pairs a `for_each` iterates: a list by index (a set by value), a map by sorted key. */
function iterate(collection: unknown): [unknown, unknown][] | undefined {
  if (Array.isArray(collection)) return collection.map((v, i) => [markSet.has(collection) ? v : i, v]);
  if (isObject(collection)) return Object.keys(collection).sort().map((k) => [k, collection[k]]);
  return undefined;
}
