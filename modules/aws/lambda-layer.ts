import { LambdaLayerVersion } from "@cdktf/provider-aws/lib/lambda-layer-version";
import { Construct } from "constructs";
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { lengthBetween, matches, oneOf, RELATIVE_GLOB } from "../core/rules";
import { isUnresolved, Validator } from "../core/validation";
import { packageDirectory, type FunctionPackage } from "./function-package";
import type { AllKeysListed } from "../core/known-keys";
import { SUPPORTED_RUNTIMES } from "./lambda-limits";
import { useRelativeLocalState } from "../core/relative-local-state";

export interface LambdaLayerProps {
  /** Name of the layer: letters, digits, `-` and `_`, at most 64 characters. */
  readonly layerName: string;
  /** Folder zipped deterministically as the layer's content (`nodejs/node_modules/...` for Node.js). */
  readonly directory: string;
  /** Runtimes the layer is meant for, at most 15. @default none (any runtime) */
  readonly compatibleRuntimes?: readonly string[];
  /** Architectures the layer is meant for. @default none (any architecture) */
  readonly compatibleArchitectures?: readonly ("arm64" | "x86_64")[];
  /** @default none */
  readonly description?: string;
  /**
   * Glob patterns of files of `directory` left out, besides the default ones (dotenv files, VCS
   * folders, editor files: `DEFAULT_EXCLUDES`). `*` stays within a name, `**` crosses folders; a
   * pattern without `/` matches a name at any depth. @default none
   */
  readonly exclude?: readonly string[];
  /** Glob patterns of files kept even though an exclude pattern (default or given) matches them. @default none */
  readonly include?: readonly string[];
}

/** Every key of `LambdaLayerProps`, for `Validator.onlyKnownKeys`. */
export const LAMBDA_LAYER_PROP_KEYS = ["layerName", "directory", "compatibleRuntimes", "compatibleArchitectures", "description", "exclude", "include"] as const satisfies readonly (keyof LambdaLayerProps)[];
export type LambdaLayerPropKeysComplete = AllKeysListed<Exclude<keyof LambdaLayerProps, (typeof LAMBDA_LAYER_PROP_KEYS)[number]>>;

/** A Lambda layer version built from a folder into a deterministic zip. */
export class LambdaLayer extends Construct {
  /** ARN of the layer version, for `ServerlessFunction.layers`. */
  public readonly arn: string;
  public readonly layerName: string;
  public readonly codePackage: FunctionPackage;
  public readonly layerVersion: LambdaLayerVersion;

  constructor(scope: Construct, id: string, props: LambdaLayerProps) {
    super(scope, id);
    useRelativeLocalState(this);
    validateLayerProps(this.node.path, props);
    this.codePackage = packageDirectory(this, props.directory, { exclude: props.exclude, include: props.include }, { kind: "LambdaLayer props", prop: "directory" });
    this.layerVersion = new LambdaLayerVersion(this, "Version", {
      layerName: props.layerName,
      description: props.description,
      filename: this.codePackage.filename,
      sourceCodeHash: this.codePackage.sourceCodeHash,
      compatibleRuntimes: props.compatibleRuntimes ? [...props.compatibleRuntimes] : undefined,
      compatibleArchitectures: props.compatibleArchitectures ? [...props.compatibleArchitectures] : undefined,
    });
    this.arn = this.layerVersion.arn;
    this.layerName = props.layerName;
  }
}

function validateLayerProps(path: string, props: LambdaLayerProps): void {
  const v = new Validator("LambdaLayer props", path);
  if (!v.props(props, LAMBDA_LAYER_PROP_KEYS, "an object with at least layerName and directory")) v.throwIfInvalid();
  v.required("layerName", props.layerName).check("layerName", props.layerName, matches(/^[A-Za-z0-9_-]{1,64}$/, "1 to 64 letters, digits, - or _"));
  v.required("directory", props.directory);
  if (typeof props.directory === "string" && !isUnresolved(props.directory)) {
    const dir = resolve(props.directory);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) v.fail("directory", "an existing directory", props.directory);
  }
  v.list("compatibleRuntimes", props.compatibleRuntimes, { of: "runtimes", max: 15, item: oneOf<string>(SUPPORTED_RUNTIMES) });
  v.list("compatibleArchitectures", props.compatibleArchitectures, { of: "architectures", max: 2, item: oneOf(["arm64", "x86_64"] as const) });
  v.check("description", props.description, lengthBetween(0, 256));
  v.list("exclude", props.exclude, { of: "glob patterns", item: RELATIVE_GLOB });
  v.list("include", props.include, { of: "glob patterns", item: RELATIVE_GLOB });
  v.throwIfInvalid();
}
