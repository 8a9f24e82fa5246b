import { catalogEntry, IDENTITY_ATTRIBUTES } from "../../modules/core/catalog";
import { classify, isObject, stripMetadata, TerraformModel, type ModelBlock, type UnknownAt } from "../../modules/core/terraform";
import { compareText, type SynthStack, type TerraformJson } from "./synth-output";

/** Where a block of base moves in head (a `moved` block): its address and construct path there. */
export interface MovedTo {
  readonly address: string;
  readonly path: string;
}

/**
 * One side of one stack as the review reads it: the house's model of the synthesized Terraform
 * (`TerraformModel`, which parses references and resolves what synth can know), plus what only a
 * report needs: how to name a block for a person, and, on the base side, which blocks head's
 * `moved` blocks move. A block's identity is its Terraform address; its construct path
 * (`//.metadata.path`) is only ever shown.
 */
export class StackView {
  public readonly name: string;
  public readonly model: TerraformModel;
  /** Resources, data sources and module calls, by address. */
  public readonly blocks: readonly ModelBlock[];
  private readonly paths = new Map<string, string>();
  private readonly sharedPaths = new Set<string>();

  /**
   * @param moves base side only: addresses that head's `moved` blocks move, to their address and
   * construct path in head, so both sides name a moved resource the same way.
   */
  constructor(
    public readonly stack: SynthStack,
    private readonly moves: ReadonlyMap<string, MovedTo> = new Map(),
  ) {
    this.name = stack.name;
    this.model = TerraformModel.fromJson(stack.config, { name: stack.name });
    this.blocks = [...this.model.blocks].sort((a, b) => compareText(a.address, b.address));
    const seen = new Set<string>();
    for (const b of this.blocks) {
      const path = constructPath(b, stack.name);
      this.paths.set(b.address, path);
      // Two blocks shown alike (an override can write any path, of any block): each is then shown with its address.
      if (seen.has(path)) this.sharedPaths.add(path);
      seen.add(path);
    }
  }

  public block(address: string): ModelBlock | undefined {
    return this.model.block(address);
  }

  public has(address: string): boolean {
    return this.model.block(address) !== undefined;
  }

  /** The address of a block as head knows it (a moved block's new address). */
  public canonical(address: string): string {
    return this.moves.get(address)?.address ?? address;
  }

  /**
   * Construct path of a block relative to the stack, for display (a moved block's path in head; the
   * address when it has none). A path that another block of the stack also shows is followed by the
   * address, so no block can pass for another.
   */
  public pathOf(address: string): string {
    const moved = this.moves.get(address);
    if (moved) return moved.path;
    return this.ownPathOf(address);
  }

  /** Construct path of a block on this side, even for a block head moves (with its address when another block shows the same path). */
  public ownPathOf(address: string): string {
    const path = this.paths.get(address);
    if (path === undefined) return address;
    return this.sharedPaths.has(path) ? `${path} (${address})` : path;
  }

  /** `aws_lambda_function Hello/Function`: how the report names a block; by its address when its path does not tell it apart. */
  public describe(address: string): string {
    const b = this.block(address);
    if (!b) return address;
    return `${b.typeKey} ${this.pathOf(address)}`;
  }

  /**
   * A copy of a value with every reference to a moved block written with head's address. The
   * model's parser says whether a string refers to one; the address is then replaced where it
   * stands as a name.
   */
  public canonicalValue(value: unknown): unknown {
    if (this.moves.size === 0) return value;
    if (typeof value === "string") {
      // `depends_on` names blocks without `${...}`.
      const moved = this.moves.get(value);
      if (moved) return moved.address;
      if (!value.includes("${")) return value;
      let out = value;
      for (const address of this.model.referencedAddresses(value)) {
        const to = this.moves.get(address);
        if (to) out = out.replace(new RegExp(`(?<![\\w.-])${escapeRegExp(address)}(?![\\w-])`, "g"), to.address);
      }
      return out;
    }
    if (Array.isArray(value)) return value.map((v) => this.canonicalValue(v));
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.canonicalValue(v)]));
    return value;
  }

  /**
   * What the model cannot tell in a value (already resolved, as `block.config` is): each expression
   * only Terraform knows (a variable, a local it cannot fold, another stack's output, a data source
   * that reads the cloud, a function, a directive), as written, sorted.
   */
  public unknownIn(value: unknown): string[] {
    const unknowns: UnknownAt[] = [];
    this.model.resolve(value, unknowns);
    return [...new Set(unknowns.map((u) => u.what))].sort(compareText);
  }

  /**
   * An expression the model cannot read, as the report shows it (`readable`); a variable with its
   * default, so a row (and its acknowledgement) changes when the default does.
   */
  public unknownShown(what: string): string {
    const shown = this.readable(what);
    const { parts } = this.model.parse(what);
    const kind = parts.length === 1 && parts[0].kind === "interpolation" ? classify(parts[0].expression) : undefined;
    const v = kind?.kind === "variable" ? this.model.variable(kind.name) : undefined;
    return v?.hasDefault ? `${shown} (default ${JSON.stringify(v.default)})` : shown;
  }

  /** Replaces every plain reference to a block of the stack (`${type.name.attr}`) by `<type path>.attr`, keeping other expressions. */
  public readable(text: string): string {
    if (!text.includes("${")) return text;
    const { parts } = this.model.parse(text);
    if (!parts.some((p) => p.kind === "interpolation")) return text;
    return parts
      .map((p) => {
        if (p.kind === "text") return p.text.replace(/\$\{/g, "$${").replace(/%\{/g, "%%{");
        if (p.kind === "directive") return `%{${p.source}}`;
        if (p.kind === "invalid") return `\${${p.source}`;
        const kind = classify(p.expression);
        if (kind.kind !== "reference" || !this.has(kind.address)) return `\${${p.source}}`;
        const rest = kind.attribute.map((s) => (typeof s === "number" ? `[${s}]` : `.${s}`)).join("");
        return `<${this.describe(kind.address)}>${rest}`;
      })
      .join("");
  }

  /** A copy of a JSON value with every string made readable. */
  public readableValue(value: unknown): unknown {
    if (typeof value === "string") return this.readable(value);
    if (Array.isArray(value)) return value.map((v) => this.readableValue(v));
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.readableValue(v)]));
    return value;
  }

  /**
   * A value that names a block (`${aws_iam_role.r.name}`, `.id`, `.arn`, or another argument the
   * catalog says only names it) as `<type path>`; anything else readable as it is. So the same role
   * named by its name or its ARN is the same target.
   */
  public target(value: unknown): string {
    if (typeof value !== "string") return this.text(value);
    const address = this.namedBlock(value);
    return address ? `<${this.describe(address)}>` : this.readable(value);
  }

  /**
   * What a value is, for comparing: `<address>` (head's) for a value that names a block of the
   * stack (see `target`), else the value's text with moved addresses rewritten. Never the construct
   * path, which is only shown.
   */
  public key(value: unknown): string {
    const address = this.namedBlock(value);
    if (address) return `<${this.canonical(address)}>`;
    const v = this.canonicalValue(value);
    return typeof v === "string" ? v : JSON.stringify(v ?? null);
  }

  /** The address of the block a whole value names (see `target`), or undefined. */
  public namedBlock(value: unknown): string | undefined {
    if (typeof value !== "string" || !value.startsWith("${")) return undefined;
    const { parts } = this.model.parse(value);
    if (parts.length !== 1 || parts[0].kind !== "interpolation") return undefined;
    const kind = classify(parts[0].expression);
    if (kind.kind !== "reference" || !this.has(kind.address) || kind.attribute.length !== 1) return undefined;
    const attribute = kind.attribute[0];
    const identity = catalogEntry(kind.mode === "data" ? `data.${kind.type}` : kind.type)?.identity ?? NAMING;
    return typeof attribute === "string" && (identity.includes(attribute) || NAMING.includes(attribute)) ? kind.address : undefined;
  }

  /** A value as readable text; `""` when absent. */
  public text(value: unknown): string {
    if (value === undefined || value === null) return "";
    if (typeof value === "string") return this.readable(value);
    return this.readable(JSON.stringify(value));
  }

  /** Addresses of the blocks of this stack that a value refers to, sorted. */
  public referencesIn(value: unknown): string[] {
    return this.model.referencedAddresses(value).sort(compareText);
  }

  /** The stack-level sections other than resources, data sources and module calls, for the settings diff. */
  public settings(): Record<string, unknown> {
    return stackSettings(this.stack.config);
  }
}

/**
 * Attributes that name the one block they belong to (its id, ARN, name...): a reference to one is
 * that block. Not `location`, `project` or `region`, which many blocks share.
 */
const NAMING: readonly string[] = IDENTITY_ATTRIBUTES.filter((a) => !["project", "location", "region", "account_id", "qualifier", "role", "user", "group", "member"].includes(a));

/** The stack-level sections besides blocks (providers, backend, variables, locals, outputs, moves...). */
export function stackSettings(config: TerraformJson): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(config).sort(compareText)) {
    if (key === "resource" || key === "data" || key === "module" || key === "//") continue;
    out[key] = stripMetadata(config[key]);
  }
  return out;
}

function constructPath(b: ModelBlock, stackName: string): string {
  const path = b.displayPath;
  if (typeof path !== "string" || path === "") return b.address;
  return path.startsWith(`${stackName}/`) ? path.slice(stackName.length + 1) : path;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
