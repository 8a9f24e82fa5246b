import { compareText, type SynthStack, type TerraformJson } from "./synth-output";

/** One `resource` or `data` block of a stack. */
export interface TfBlock {
  readonly mode: "resource" | "data";
  readonly type: string;
  readonly name: string;
  /** `type.name` for resources, `data.type.name` for data sources: what Terraform calls it. */
  readonly address: string;
  /** Construct path relative to the stack (`Hello/Function`), from `//.metadata.path`; else the name. */
  readonly path: string;
  /** The block's arguments, `"//"` metadata removed at every level. */
  readonly config: Record<string, unknown>;
}

/** The blocks of one stack, by address, with what the report needs to name them. */
export class StackIndex {
  public readonly blocks: readonly TfBlock[];
  private readonly byAddress = new Map<string, TfBlock>();

  /**
   * @param moves base side only: addresses that head's `moved` blocks move, to their new address
   * and construct path, so both sides name a moved resource the same way.
   */
  constructor(
    public readonly stack: SynthStack,
    private readonly moves: ReadonlyMap<string, { readonly address: string; readonly path: string }> = new Map(),
  ) {
    const blocks: TfBlock[] = [];
    for (const mode of ["resource", "data"] as const) {
      const types = asRecord(stack.config[mode]);
      for (const type of Object.keys(types)) {
        const named = asRecord(types[type]);
        for (const name of Object.keys(named)) {
          const raw = asRecord(named[name]);
          blocks.push({
            mode,
            type,
            name,
            address: mode === "data" ? `data.${type}.${name}` : `${type}.${name}`,
            path: constructPath(raw, stack.name) ?? name,
            config: stripMetadata(raw) as Record<string, unknown>,
          });
        }
      }
    }
    this.blocks = blocks.sort((a, b) => compareText(a.address, b.address));
    for (const block of this.blocks) this.byAddress.set(block.address, block);
  }

  public get(address: string): TfBlock | undefined {
    return this.byAddress.get(address);
  }

  public ofType(type: string, mode: TfBlock["mode"] = "resource"): TfBlock[] {
    return this.blocks.filter((b) => b.type === type && b.mode === mode);
  }

  /** `aws_lambda_function Hello/Function`: how the report names a block (a moved one by where it moves to). */
  public describe(address: string): string {
    const block = this.get(address);
    if (!block) return address;
    return `${block.mode === "data" ? "data." : ""}${block.type} ${this.pathOf(address)}`;
  }

  /** The construct path of a block; for a block that head moves, its path in head. */
  public pathOf(address: string): string {
    return this.moves.get(address)?.path ?? this.get(address)?.path ?? address;
  }

  /** A copy of a value with every moved address (in references and `depends_on`) written as head's address. */
  public canonicalValue(value: unknown): unknown {
    if (this.moves.size === 0) return value;
    if (typeof value === "string") {
      let out = value;
      for (const [from, to] of this.moves) if (out.includes(from)) out = out.replace(new RegExp(`(?<![\\w.-])${escapeRegExp(from)}(?![\\w-])`, "g"), to.address);
      return out;
    }
    if (Array.isArray(value)) return value.map((v) => this.canonicalValue(v));
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.canonicalValue(v)]));
    return value;
  }

  /** The address of a block as head knows it (a moved block's new address). */
  public canonical(address: string): string {
    return this.moves.get(address)?.address ?? address;
  }

  /**
   * The `${...}` expressions in a value whose result the JSON does not tell: anything but a plain
   * reference to a block of this stack (a variable, local, function call, remote state output...).
   */
  public unknownIn(value: unknown): string[] {
    const out: string[] = [];
    walkStrings(value, (text) => {
      for (const m of text.matchAll(INTERPOLATION)) {
        const ref = parseSingleReference(m[1].trim());
        const known = ref !== undefined && this.get(ref.address) !== undefined && !ref.address.startsWith("data.terraform_remote_state.");
        if (!known) out.push(m[0]);
      }
    });
    return [...new Set(out)].sort(compareText);
  }

  /** Replaces every `${type.name.attr}` in a string by `<type path>.attr`, keeping other expressions. */
  public readable(text: string): string {
    return text.replace(INTERPOLATION, (whole, expression: string) => {
      const ref = parseSingleReference(expression.trim());
      if (!ref || !this.get(ref.address)) return whole;
      return `<${this.describe(ref.address)}>${ref.rest}`;
    });
  }

  /** A copy of a JSON value with every string made readable. */
  public readableValue(value: unknown): unknown {
    if (typeof value === "string") return this.readable(value);
    if (Array.isArray(value)) return value.map((v) => this.readableValue(v));
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.readableValue(v)]));
    return value;
  }

  /** Addresses of the blocks of this stack that `value` refers to (inside `${...}`), sorted. */
  public referencesIn(value: unknown): string[] {
    return [...new Set(findReferences(value).filter((a) => this.byAddress.has(a)))].sort(compareText);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const INTERPOLATION = /\$\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}/g;
const REFERENCE = /(?<![\w.])(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)/g;
const SINGLE_REFERENCE = /^(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)((?:\.[A-Za-z_][A-Za-z0-9_]*|\[[0-9]+\]|\[\*\]|\.\*)*)$/;

/** `data.aws_x.y.json` -> address `data.aws_x.y`, rest `.json`; undefined for anything else. */
export function parseSingleReference(expression: string): { address: string; rest: string } | undefined {
  const m = SINGLE_REFERENCE.exec(expression);
  if (!m) return undefined;
  return { address: `${m[1] ?? ""}${m[2]}.${m[3]}`, rest: m[4] };
}

/** Every `type.name` / `data.type.name` mentioned inside `${...}` anywhere in a value (unfiltered). */
export function findReferences(value: unknown): string[] {
  const found: string[] = [];
  walkStrings(value, (text) => {
    for (const interpolation of text.matchAll(INTERPOLATION)) {
      for (const m of interpolation[1].matchAll(REFERENCE)) found.push(`${m[1] ?? ""}${m[2]}.${m[3]}`);
    }
  });
  return found;
}

/** Calls `visit` for every string in a JSON value, keys excluded. */
export function walkStrings(value: unknown, visit: (text: string) => void): void {
  if (typeof value === "string") visit(value);
  else if (Array.isArray(value)) value.forEach((v) => walkStrings(v, visit));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => walkStrings(v, visit));
}

/** A copy without the `"//"` keys cdktf adds for metadata. */
export function stripMetadata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripMetadata);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== "//") out[k] = stripMetadata(v);
    return out;
  }
  return value;
}

function constructPath(raw: Record<string, unknown>, stackName: string): string | undefined {
  const path = asRecord(asRecord(raw["//"]).metadata).path;
  if (typeof path !== "string" || path === "") return undefined;
  return path.startsWith(`${stackName}/`) ? path.slice(stackName.length + 1) : path;
}

export function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A list from a value that Terraform JSON writes either as one object or as a list of them. */
export function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Strings of a list, or of a single string. */
export function asStrings(value: unknown): string[] {
  return asList(value).filter((v) => v !== undefined && v !== null).map((v) => (typeof v === "string" ? v : JSON.stringify(v)));
}

/** The stack-level sections other than resources and data sources, for the settings diff. */
export function stackSettings(config: TerraformJson): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(config).sort(compareText)) {
    if (key === "resource" || key === "data" || key === "//") continue;
    out[key] = stripMetadata(config[key]);
  }
  return out;
}
