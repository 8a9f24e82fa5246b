import { catalogEntry } from "../../modules/core/catalog";
import { strings, type ModelBlock } from "../../modules/core/terraform";
import type { StackView } from "./stack-view";
import { compareText } from "./synth-output";

/** How a node is highlighted in the review's diagrams. */
export type NodeMark = "added" | "changed" | "replaced";

export interface DiagramOptions {
  /** Nodes to highlight, by address. */
  readonly marks?: ReadonlyMap<string, NodeMark>;
  /** Draw only these blocks and their direct neighbours (what references them and what they reference). @default every block */
  readonly focus?: readonly string[];
}

/** A directed reference: `from` mentions `to` in the listed top-level arguments. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly via: readonly string[];
  /** Only an explicit `depends_on`, no reference. */
  readonly dependsOnly: boolean;
}

/**
 * The references between the blocks of a stack, from `${type.name...}` in any argument and
 * `depends_on`: `from` mentions `to`. One exception reads better the other way round: the
 * `member(s)` of a GCP IAM grant point to the grant (principal -> grant -> resource), so a diagram
 * reads Cloud Run -> service account -> grant -> repository.
 */
export function stackEdges(index: StackView): GraphEdge[] {
  const via = new Map<string, Map<string, Set<string>>>();
  const add = (from: string, to: string, key: string) => {
    if (from === to) return;
    const targets = via.get(from) ?? new Map<string, Set<string>>();
    targets.set(to, (targets.get(to) ?? new Set()).add(key));
    via.set(from, targets);
  };
  for (const block of index.blocks) {
    const grant = catalogEntry(block.typeKey)?.grants?.some((g) => g.kind === "gcp-iam" && g.form !== "policy") ?? false;
    for (const key of Object.keys(block.raw)) {
      if (key === "depends_on") continue;
      for (const target of index.referencesIn(block.raw[key])) {
        if (grant && (key === "member" || key === "members")) add(target, block.address, key);
        else add(block.address, target, key);
      }
    }
  }
  const edges: GraphEdge[] = [];
  for (const [from, targets] of via) {
    for (const [to, keys] of targets) edges.push({ from, to, via: [...keys].sort(compareText), dependsOnly: false });
  }
  for (const block of index.blocks) {
    for (const to of new Set(strings(block.raw.depends_on))) {
      if (index.has(to) && to !== block.address && !via.get(block.address)?.has(to)) edges.push({ from: block.address, to, via: ["depends_on"], dependsOnly: true });
    }
  }
  return edges.sort((a, b) => compareText(a.from, b.from) || compareText(a.to, b.to));
}

interface Group {
  readonly name: string;
  readonly path: string;
  readonly groups: Map<string, Group>;
  readonly blocks: ModelBlock[];
}

/**
 * A Mermaid flowchart of one stack (without the ``` fence): one node per resource and data source,
 * nested subgraphs following the construct tree (`//.metadata.path`), one edge per reference
 * (labelled with the arguments that hold it; dotted for `depends_on` only). Deterministic: nodes,
 * subgraphs and edges are sorted by address and path.
 */
export function stackDiagram(index: StackView, options: DiagramOptions = {}): string {
  let edges = stackEdges(index);
  let blocks = index.blocks;
  if (options.focus) {
    const focus = new Set(options.focus);
    const keep = new Set(focus);
    for (const e of edges) {
      if (focus.has(e.from)) keep.add(e.to);
      if (focus.has(e.to)) keep.add(e.from);
    }
    blocks = blocks.filter((b) => keep.has(b.address));
    edges = edges.filter((e) => keep.has(e.from) && keep.has(e.to));
  }
  const ids = nodeIds(blocks);
  const root: Group = { name: "", path: "", groups: new Map(), blocks: [] };
  for (const block of blocks) {
    const segments = index.pathOf(block.address).split("/");
    let group = root;
    for (const segment of segments.slice(0, -1)) {
      const path = group.path ? `${group.path}/${segment}` : segment;
      let child = group.groups.get(segment);
      if (!child) {
        child = { name: segment, path, groups: new Map(), blocks: [] };
        group.groups.set(segment, child);
      }
      group = child;
    }
    group.blocks.push(block);
  }

  const lines = ["flowchart LR"];
  const groupIds = new Map<string, string>();
  const emit = (group: Group, depth: number) => {
    const pad = "  ".repeat(depth);
    for (const block of group.blocks) lines.push(`${pad}${ids.get(block.address)}${nodeShape(block, index.pathOf(block.address))}`);
    for (const child of [...group.groups.values()].sort((a, b) => compareText(a.name, b.name))) {
      const id = uniqueId(`g_${sanitize(child.path)}`, groupIds);
      lines.push(`${pad}subgraph ${id}["${mermaidText(child.name)}"]`);
      emit(child, depth + 1);
      lines.push(`${pad}end`);
    }
  };
  emit(root, 1);

  for (const edge of edges) {
    const arrow = edge.dependsOnly ? "-.->" : "-->";
    lines.push(`  ${ids.get(edge.from)} ${arrow}|${edgeLabel(edge.via)}| ${ids.get(edge.to)}`);
  }

  const classes: [string, string, string[]][] = [
    ["data", "fill:#f6f8fa,stroke:#8c959f,stroke-dasharray:3 3", blocks.filter((b) => b.mode === "data").map((b) => b.address)],
  ];
  const marks = options.marks ?? new Map<string, NodeMark>();
  const styles: Record<NodeMark, string> = {
    added: "fill:#dafbe1,stroke:#1a7f37",
    changed: "fill:#fff8c5,stroke:#9a6700",
    replaced: "fill:#ffebe9,stroke:#cf222e,stroke-width:2px",
  };
  for (const mark of ["added", "changed", "replaced"] as const) {
    classes.push([mark, styles[mark], [...marks].filter(([address, m]) => m === mark && ids.has(address)).map(([a]) => a)]);
  }
  for (const [name, style, addresses] of classes) {
    if (addresses.length === 0) continue;
    lines.push(`  classDef ${name} ${style}`);
    lines.push(`  class ${addresses.sort(compareText).map((a) => ids.get(a)).join(",")} ${name}`);
  }
  return lines.join("\n");
}

/** Escapes text for a quoted Mermaid label (entity codes; no HTML, no quotes, no markdown). */
export function mermaidText(text: string): string {
  return text
    .replace(/#/g, "#35;")
    .replace(/"/g, "#quot;")
    .replace(/</g, "#lt;")
    .replace(/>/g, "#gt;")
    .replace(/&/g, "#amp;")
    .replace(/`/g, "#96;")
    .replace(/[\r\n]+/g, " ");
}

function nodeShape(block: ModelBlock, path: string): string {
  const name = path.split("/").pop() ?? block.name;
  const label = `${mermaidText(block.mode === "data" ? `data.${block.type}` : block.type)}<br/>${mermaidText(name)}`;
  return block.mode === "data" ? `(["${label}"])` : `["${label}"]`;
}

function edgeLabel(via: readonly string[]): string {
  const shown = via.slice(0, 2).map((v) => v.replace(/[^A-Za-z0-9_]/g, "_"));
  return via.length > 2 ? `${shown.join(", ")} +${via.length - 2}` : shown.join(", ");
}

/**
 * Node ids numbered in address order: short, and equal across stacks whose resources differ only
 * by the hash cdktf appends to their names, so the review can fold identical diagrams.
 */
function nodeIds(blocks: readonly ModelBlock[]): Map<string, string> {
  const ids = new Map<string, string>();
  blocks.forEach((block, i) => ids.set(block.address, `${block.mode === "data" ? "d" : "r"}_${i + 1}`));
  return ids;
}

function uniqueId(candidate: string, used: Map<string, string>): string {
  let id = candidate;
  for (let i = 2; used.has(id); i++) id = `${candidate}_${i}`;
  used.set(id, candidate);
  return id;
}

function sanitize(text: string): string {
  return text.replace(/[^A-Za-z0-9_]/g, "_");
}
