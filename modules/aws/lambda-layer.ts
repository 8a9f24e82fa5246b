import { LambdaLayerVersion } from "@cdktf/provider-aws/lib/lambda-layer-version";
import { Construct } from "constructs";
import { lengthBetween, matches, oneOf, RELATIVE_GLOB } from "../core/rules";
import { list, optional, props, required, type TypeOf } from "../core/schema";
import { packageDirectory, type FunctionPackage } from "./function-package";
import { SUPPORTED_RUNTIMES } from "./lambda-limits";
import { EXISTING_DIRECTORY } from "./existing-path";
import { useRelativeLocalState } from "../core/relative-local-state";

const GLOBS = list(RELATIVE_GLOB, { of: "glob patterns" });

/** The props of `LambdaLayer`. */
export const LAMBDA_LAYER_PROPS = props(
  {
    /** Name of the layer: letters, digits, `-` and `_`, at most 64 characters. */
    layerName: required(matches(/^[A-Za-z0-9_-]{1,64}$/, "1 to 64 letters, digits, - or _")),
    /** Folder zipped deterministically as the layer's content (`nodejs/node_modules/...` for Node.js). */
    directory: required(EXISTING_DIRECTORY),
    /** Runtimes the layer is meant for, at most 15. @default none (any runtime) */
    compatibleRuntimes: optional(list(oneOf<string>(SUPPORTED_RUNTIMES), { of: "runtimes", max: 15 })),
    /** Architectures the layer is meant for. @default none (any architecture) */
    compatibleArchitectures: optional(list(oneOf(["arm64", "x86_64"] as const), { of: "architectures", max: 2 })),
    /** The layer's description, at most 256 characters. @default none */
    description: optional(lengthBetween(0, 256)),
    /**
     * Glob patterns of files of `directory` left out, besides the default ones (dotenv files, VCS
     * folders, editor files: `DEFAULT_EXCLUDES`). `*` stays within a name, `**` crosses folders; a
     * pattern without `/` matches a name at any depth. @default none
     */
    exclude: optional(GLOBS),
    /** Glob patterns of files kept even though an exclude pattern (default or given) matches them. @default none */
    include: optional(GLOBS),
  },
  { name: "LambdaLayer props", expected: "an object with at least layerName and directory" },
);

export interface LambdaLayerProps extends TypeOf<typeof LAMBDA_LAYER_PROPS> {}

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
    LAMBDA_LAYER_PROPS.validate(this, props);
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
