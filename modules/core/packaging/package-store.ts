import { TerraformStack } from "cdktf";
// The hook cdktf's own TerraformAsset uses to write files next to the stack. Not exported from
// the package root; used here because cdktf's assets embed mtimes and cannot be made deterministic.
import { addCustomSynthesis } from "cdktf/lib/synthesize/synthesizer";
import { Construct, type IConstruct } from "constructs";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ZipArchive } from "./deterministic-zip";

/** Folder, inside each stack's working directory, that holds the deployment packages. */
export const PACKAGES_DIR = "packages";

/**
 * The deployment packages (zips) of one stack. At synth it empties `<stack>/packages/` and writes
 * each zip once, named by content, so stale packages never linger and identical ones are shared.
 */
export class PackageStore extends Construct {
  /** The store of the stack that holds `scope`, created on first use. */
  public static of(scope: IConstruct): PackageStore {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(STORE_ID);
    return existing instanceof PackageStore ? existing : new PackageStore(stack, STORE_ID);
  }

  private readonly files = new Map<string, Uint8Array>();
  private readonly pending: { label: string; produce: () => ZipArchive }[] = [];

  private constructor(scope: TerraformStack, id: string) {
    super(scope, id);
    addCustomSynthesis(this, {
      onSynthesize: (session) => {
        const stackDir = join(session.outdir, session.manifest.forStack(scope).workingDirectory);
        const dir = join(stackDir, PACKAGES_DIR);
        rmSync(dir, { recursive: true, force: true });
        for (const { label, produce } of this.pending.splice(0)) this.add(label, produce());
        if (this.files.size === 0) return;
        mkdirSync(dir, { recursive: true });
        for (const [name, bytes] of this.files) writeFileSync(join(dir, name), bytes);
      },
    });
  }

  /** Registers a zip and returns its path relative to the stack's working directory. */
  public add(label: string, archive: ZipArchive): string {
    const path = PackageStore.pathOf(label, archive);
    this.files.set(path.slice(PACKAGES_DIR.length + 1), archive.bytes);
    return path;
  }

  /** Registers a zip that is built later, at the latest when the stack is written. */
  public addLater(label: string, produce: () => ZipArchive): void {
    this.pending.push({ label, produce });
  }

  /** Where a zip is written, relative to the stack's working directory: named by label and content. */
  public static pathOf(label: string, archive: ZipArchive): string {
    return `${PACKAGES_DIR}/${label}-${archive.sha256Hex.slice(0, 12)}.zip`;
  }
}

const STORE_ID = "DeploymentPackages";
