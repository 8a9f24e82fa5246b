import { namesPolicy, namesRole, selfModification } from "../../../../modules/core/policy/role-self-modification";

const ROLE = { name: "orders-role", path: "/", address: "aws_iam_role.Orders" };

describe("namesRole: a Resource entry that names or covers the role", () => {
  test.each([
    "arn:aws:iam::111111111111:role/orders-role",
    "arn:aws:iam::111111111111:role/ORDERS-ROLE",
    "arn:aws:iam::*:role/orders-role",
    "arn:${data.aws_partition.p.partition}:iam::${data.aws_caller_identity.c.account_id}:role/orders-role",
    "arn:aws:iam::111111111111:role/orders-*",
    "arn:aws:iam::111111111111:role/*",
    "arn:aws:iam::*:*",
    "arn:*",
    "*",
    "${aws_iam_role.Orders.arn}",
    "arn:aws:iam::111111111111:role/${aws_iam_role.Orders.name}",
  ])("Noncompliance: %s", (resource) => expect(namesRole(resource, ROLE)).toBe(true));

  test.each([
    "arn:aws:iam::111111111111:role/orders-role-2",
    "arn:aws:iam::111111111111:role/app/orders-role",
    "arn:aws:iam::111111111111:user/orders-role",
    "arn:aws:iam::111111111111:role/${aws_iam_role.Other.name}",
    "${aws_iam_role.Other.arn}",
    "arn:aws:s3:::orders-role",
  ])("Compliance: %s", (resource) => expect(namesRole(resource, ROLE)).toBe(false));

  test("a role with a path is named with it", () => {
    expect(namesRole("arn:aws:iam::111111111111:role/app/orders-role", { name: "orders-role", path: "/app/" })).toBe(true);
    expect(namesRole("arn:aws:iam::111111111111:role/orders-role", { name: "orders-role", path: "/app/" })).toBe(false);
  });

  test("a policy is named by reference, by its ARN as attached, or by its path and name", () => {
    expect(namesPolicy("${aws_iam_policy.P.arn}", { address: "aws_iam_policy.P" })).toBe(true);
    expect(namesPolicy("arn:aws:iam::111111111111:policy/team/p", { arn: "arn:aws:iam::111111111111:policy/team/p" })).toBe(true);
    expect(namesPolicy("arn:aws:iam::111111111111:policy/p", { name: "p", path: "/" })).toBe(true);
    expect(namesPolicy("arn:aws:iam::111111111111:policy/q", { name: "p", path: "/" })).toBe(false);
  });
});

describe("selfModification", () => {
  test("role-mutating actions on the role, policy-version actions on its attached policies; nothing else", () => {
    const statement = (actions: string[], resources: string[], effect = "Allow") => ({ effect, actions, resources });
    expect(selfModification(statement(["iam:PutRolePolicy", "s3:GetObject"], ["${aws_iam_role.Orders.arn}"]), ROLE)).toEqual({ actions: ["iam:PutRolePolicy"], resources: ["${aws_iam_role.Orders.arn}"] });
    expect(selfModification(statement(["iam:CreatePolicyVersion"], ["${aws_iam_policy.P.arn}"]), ROLE, [{ address: "aws_iam_policy.P" }])).toEqual({ actions: ["iam:CreatePolicyVersion"], resources: ["${aws_iam_policy.P.arn}"] });
    expect(selfModification(statement(["iam:CreatePolicyVersion"], ["${aws_iam_policy.P.arn}"]), ROLE)).toBeUndefined();
    expect(selfModification(statement(["iam:PutRolePolicy"], ["${aws_iam_role.Orders.arn}"], "Deny"), ROLE)).toBeUndefined();
    expect(selfModification({ effect: "Allow", actions: ["iam:PutRolePolicy"], resources: [], notResources: ["arn:aws:iam::111111111111:role/orders-role"] }, ROLE)).toBeUndefined();
  });
});
