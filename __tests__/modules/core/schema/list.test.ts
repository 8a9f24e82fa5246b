import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { firstDuplicate, matches } from "../../../../modules/core/rules";
import { list, object, required } from "../../../../modules/core/schema";
import { problems } from "./helpers";

const SUBNETS = list(matches(/^subnet-/, "a subnet id (subnet-...)"), {
  of: "subnet ids",
  min: 1,
  max: 2,
  refine(ids, r) {
    const duplicate = firstDuplicate(ids, (id) => id);
    if (duplicate) r.fail(undefined, "distinct subnet ids", duplicate);
  },
});

describe("list", () => {
  test("describes itself as Validator.list says it", () => {
    expect(SUBNETS.description).toBe("a non-empty list of at most 2 subnet ids");
  });

  test.each(["subnet-1", null, { a: 1 }, 3])("refuses %p as a list (a string is not spread into its characters)", (value) => {
    expect(problems(SUBNETS, value)).toEqual([["p", "a non-empty list of at most 2 subnet ids", value]]);
  });

  test("checks the length, then each item by its index, then the refinement", () => {
    expect(problems(SUBNETS, [])).toEqual([["p", "a non-empty list of at most 2 subnet ids", []]]);
    expect(problems(SUBNETS, ["subnet-1", "sg-2", "subnet-1"])).toEqual([
      ["p", "a non-empty list of at most 2 subnet ids", "3 items"],
      ["p[1]", "a subnet id (subnet-...)", "sg-2"],
      ["p", "distinct subnet ids", "subnet-1"],
    ]);
  });

  test("an undefined item is refused as what an item must be", () => {
    expect(problems(SUBNETS, ["subnet-1", undefined])).toEqual([["p[1]", "a subnet id (subnet-...)", undefined]]);
  });

  test("items may be objects, checked at prop[i] with their own keys", () => {
    const routes = list(object({ path: required(matches(/^\//, "a path")) }), { of: "routes" });
    expect(problems(routes, [{ path: "/" }, { path: "x", verb: "GET" }], "routes")).toEqual([
      ["routes[1].verb", "one of the known props (path)", "an unknown prop"],
      ["routes[1].path", "a path", "x"],
    ]);
  });

  test("a list known only to Terraform passes", () => {
    const subnets = new TerraformVariable(new TerraformStack(Testing.app(), "s"), "subnets", { type: "list(string)" });
    expect(problems(SUBNETS, subnets.listValue)).toEqual([]);
  });
});
