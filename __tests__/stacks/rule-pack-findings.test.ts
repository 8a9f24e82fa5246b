import { readFileSync } from "node:fs";
import { join } from "node:path";
import { appOutdir } from "../terraform/harness";

/** The app's synthesized output (npm run synth): the shipped stacks, every environment. */
const manifest = JSON.parse(readFileSync(join(appOutdir(join(__dirname, "..", "..")), "manifest.json"), "utf8")) as {
  stacks: Record<string, { annotations: { constructPath: string; level: string; message: string }[] }>;
};

describe("the shipped stacks and the rule pack", () => {
  test.each(Object.keys(manifest.stacks))("%s has no unsuppressed finding, not even a dev warning", (stack) => {
    const annotations = manifest.stacks[stack].annotations;
    expect(annotations.filter((a) => a.level !== "@cdktf/info")).toEqual([]);
    for (const a of annotations) expect(a.message).toMatch(/^\[[a-z0-9-]+\] suppressed at /);
  });

  test("the public GET /hello suppression covers that one route", () => {
    const routes = Object.values(manifest.stacks)
      .flatMap((s) => s.annotations)
      .filter((a) => a.message.startsWith("[api-route-authorization]"))
      .map((a) => a.constructPath.replace(/^aws-[a-z]+\//, ""));
    expect([...new Set(routes)]).toEqual(["Api/Route-GET_hello-f2a46b"]);
  });
});
