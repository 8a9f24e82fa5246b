import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** What one synthesized stack holds. */
export interface StackCounts {
  readonly stack: string;
  /** Resources plus data sources: what Terraform plans and refreshes. */
  readonly total: number;
  readonly resources: number;
  readonly dataSources: number;
  /** `resource.aws_lambda_function` -> 7, `data.aws_iam_policy_document` -> 14, ... */
  readonly byType: Readonly<Record<string, number>>;
  readonly outputs: number;
}

type TerraformJson = {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, unknown>;
};

function readStack(outdir: string, stack: string): TerraformJson {
  return JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")) as TerraformJson;
}

export function stackNames(outdir: string): string[] {
  const dir = join(outdir, "stacks");
  return existsSync(dir) ? readdirSync(dir).filter((s) => existsSync(join(dir, s, "cdk.tf.json"))).sort() : [];
}

/** Resource and data source counts of every stack in a cdktf outdir. */
export function countStacks(outdir: string): StackCounts[] {
  return stackNames(outdir).map((stack) => {
    const json = readStack(outdir, stack);
    const byType: Record<string, number> = {};
    let resources = 0;
    let dataSources = 0;
    for (const [kind, blocks] of [["resource", json.resource], ["data", json.data]] as const) {
      for (const [type, instances] of Object.entries(blocks ?? {})) {
        const n = Object.keys(instances).length;
        byType[`${kind}.${type}`] = n;
        if (kind === "resource") resources += n;
        else dataSources += n;
      }
    }
    return { stack, total: resources + dataSources, resources, dataSources, byType, outputs: Object.keys(json.output ?? {}).length };
  });
}

/** A deployment package referenced by a stack. */
export interface PackageFile {
  readonly stack: string;
  /** Path relative to the stack's directory, as in Terraform's `filename`. */
  readonly file: string;
  readonly bytes: number;
  readonly usedBy: "function" | "layer";
  /** How many resources of the stack reference it. */
  readonly references: number;
}

/**
 * The zips that lambda functions and layers reference (`filename`), with their sizes on disk.
 * Works for the project's packages/ and for cdktf's assets/ alike.
 */
export function packageFiles(outdir: string): PackageFile[] {
  const files: PackageFile[] = [];
  for (const stack of stackNames(outdir)) {
    const json = readStack(outdir, stack);
    const refs = new Map<string, { usedBy: PackageFile["usedBy"]; n: number }>();
    const collect = (type: string, usedBy: PackageFile["usedBy"]) => {
      for (const block of Object.values(json.resource?.[type] ?? {})) {
        const filename = block.filename;
        if (typeof filename !== "string") continue;
        const seen = refs.get(filename);
        refs.set(filename, { usedBy, n: (seen?.n ?? 0) + 1 });
      }
    };
    collect("aws_lambda_function", "function");
    collect("aws_lambda_layer_version", "layer");
    for (const [file, { usedBy, n }] of refs) {
      const full = join(outdir, "stacks", stack, file);
      const bytes = existsSync(full) ? statSync(full).size : -1;
      files.push({ stack, file, bytes, usedBy, references: n });
    }
  }
  return files;
}

/** Every file under a folder with its size (for listing what an outdir holds). */
export function filesUnder(dir: string): { path: string; bytes: number }[] {
  const out: { path: string; bytes: number }[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      const st = statSync(full);
      if (st.isDirectory()) walk(full);
      else out.push({ path: relative(dir, full), bytes: st.size });
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}
