import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { LambdaLayer, type LambdaLayerProps } from "../../../modules/aws";
import { unzipText, zipEntries } from "../core/packaging/zip-inspect";
import { FIXTURES, fullSynth, LAYER_DIR, newStack, only, ref, removeAll, resolved, synth, validationError } from "./support";

const cleanup: string[] = [];
afterAll(() => removeAll(cleanup));

function layer(props: Partial<LambdaLayerProps> = {}) {
  const stack = newStack();
  const construct = new LambdaLayer(stack, "Shared", { layerName: "svc-dev-shared", directory: LAYER_DIR, ...props } as LambdaLayerProps);
  return { stack, layer: construct, json: synth(stack) };
}

describe("LambdaLayer", () => {
  test("one layer version from a deterministic zip of the folder, named packages/<folder>-<hash>.zip", () => {
    const { json } = layer({ description: "Shared helpers" });
    const version = only(json, "aws_lambda_layer_version");
    expect(version).toEqual({
      layer_name: "svc-dev-shared",
      description: "Shared helpers",
      filename: expect.stringMatching(/^packages\/layer-[0-9a-f]{12}\.zip$/),
      source_code_hash: expect.any(String),
    });
  });

  test("the zip holds the folder as it is, with fixed timestamps, and source_code_hash is its base64 SHA-256", () => {
    const { stack, json } = layer();
    const version = only(json, "aws_lambda_layer_version");
    const bytes = readFileSync(join(fullSynth(stack, cleanup), version.filename));
    expect(version.source_code_hash).toBe(createHash("sha256").update(bytes).digest("base64"));
    expect(unzipText(bytes)).toEqual({
      "README.txt": readFileSync(join(LAYER_DIR, "README.txt"), "utf8"),
      "nodejs/node_modules/fixture-greeting/index.js": readFileSync(join(LAYER_DIR, "nodejs/node_modules/fixture-greeting/index.js"), "utf8"),
    });
    for (const entry of zipEntries(bytes)) expect(entry).toMatchObject({ modified: "1980-01-01 00:00:00", mode: 0o644 });
  });

  test("compatible runtimes and architectures as given, none by default", () => {
    expect(only(layer().json, "aws_lambda_layer_version")).not.toHaveProperty("compatible_runtimes");
    const version = only(layer({ compatibleRuntimes: ["nodejs20.x", "nodejs22.x"], compatibleArchitectures: ["arm64"] }).json, "aws_lambda_layer_version");
    expect(version.compatible_runtimes).toEqual(["nodejs20.x", "nodejs22.x"]);
    expect(version.compatible_architectures).toEqual(["arm64"]);
  });

  test("the same folder gives the same hash in every synth", () => {
    const hash = () => only(layer().json, "aws_lambda_layer_version").source_code_hash;
    expect(hash()).toBe(hash());
  });

  test("exposes the layer version ARN", () => {
    const { stack, layer: construct } = layer();
    expect(resolved(stack, construct.arn)).toMatch(ref("aws_lambda_layer_version", "arn"));
    expect(construct.layerName).toBe("svc-dev-shared");
  });
});

describe("LambdaLayer validation", () => {
  function refused(props: Partial<LambdaLayerProps>, prop: string, rule: string | RegExp, received: unknown): void {
    const error = validationError(() => layer(props));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ path: "stack/Shared", prop, received });
    expect(error.problems[0].rule).toEqual(typeof rule === "string" ? rule : expect.stringMatching(rule));
    expect(error.message).toContain("Invalid LambdaLayer props at stack/Shared");
    expect(error.message).toContain(`[stack/Shared] ${prop}: must be`);
  }

  test("an unknown prop (runtimes) is refused, not ignored", () => {
    refused(
      { runtimes: ["nodejs22.x"] } as Partial<LambdaLayerProps>,
      "runtimes",
      "one of the known props (layerName, directory, compatibleRuntimes, compatibleArchitectures, description, exclude, include)",
      "an unknown prop",
    );
  });

  test("two layers of the stack with the same name are fine (they become versions of one layer)", () => {
    const stack = newStack();
    new LambdaLayer(stack, "A", { layerName: "svc-dev-shared", directory: LAYER_DIR });
    expect(() => new LambdaLayer(stack, "B", { layerName: "svc-dev-shared", directory: LAYER_DIR })).not.toThrow();
  });

  test("a layer name with a space is refused", () => {
    refused({ layerName: "shared layer" }, "layerName", "1 to 64 letters, digits, - or _", "shared layer");
  });

  test("a missing directory is refused", () => {
    const missing = join(FIXTURES, "no-such-layer");
    refused({ directory: missing }, "directory", "an existing directory", missing);
  });

  test("a file is not a directory", () => {
    const file = join(LAYER_DIR, "README.txt");
    refused({ directory: file }, "directory", "an existing directory", file);
  });

  test("an unknown runtime is refused", () => {
    refused({ compatibleRuntimes: ["nodejs24.x"] }, "compatibleRuntimes[0]", /^one of "nodejs20.x"/, "nodejs24.x");
  });

  test("more than 15 runtimes are refused", () => {
    const runtimes = Array.from({ length: 16 }, () => "nodejs22.x");
    refused({ compatibleRuntimes: runtimes }, "compatibleRuntimes", "a list of at most 15 runtimes", "16 items");
  });

  test("an unknown architecture is refused", () => {
    refused({ compatibleArchitectures: ["aarch64" as "arm64"] }, "compatibleArchitectures[0]", 'one of "arm64", "x86_64"', "aarch64");
  });

  test("a description over 256 characters is refused", () => {
    refused({ description: "d".repeat(257) }, "description", "a string of 0 to 256 characters", "d".repeat(257));
  });

  test("several problems are reported together", () => {
    const error = validationError(() => layer({ layerName: "bad name", compatibleRuntimes: ["go1.x"] }));
    expect(error.problems.map((p) => p.prop)).toEqual(["layerName", "compatibleRuntimes[0]"]);
  });
});
