import { Testing } from "cdktf";
import { ServerlessFunction } from "../../../modules/aws";
import { CODE_DIR, validationError, type Json } from "./support";
import { accountStack, build, expectRefused, QUEUE_ARN, statements } from "./events/helpers";

const IMAGE = "111111111111.dkr.ecr.eu-west-1.amazonaws.com/orders:1";

describe("ServerlessFunction: image architecture", () => {
  test("an image function without architecture is refused (an amd64 image on arm64 crashes at invoke)", () => {
    expectRefused({ codeDirectory: undefined, imageUri: IMAGE }, "architecture", /set for an image function/, undefined);
    expect(() => build({ codeDirectory: undefined, imageUri: IMAGE, architecture: "x86_64" })).not.toThrow();
  });
});

describe("ServerlessFunction addPolicyStatements", () => {
  test("adds statements after the construction-time ones, numbered on from policyStatements", () => {
    const stack = accountStack();
    const fn = build({ policyStatements: [{ actions: ["dynamodb:GetItem"], resources: ["arn:aws:dynamodb:eu-west-1:111111111111:table/a"] }], events: [{ type: "sqs", queueArn: QUEUE_ARN }] }, stack);
    fn.addPolicyStatements({ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::orders-uploads/*"] }, { actions: ["sns:Publish"], resources: ["arn:aws:sns:eu-west-1:111111111111:t"] });
    fn.addPolicyStatements({ actions: ["sqs:SendMessage"], resources: [QUEUE_ARN] });
    const json: Json = JSON.parse(Testing.synth(stack));
    expect(statements(json).map((s: Json) => [s.sid, s.actions])).toEqual([
      ["WriteOwnLogGroup", ["logs:CreateLogStream", "logs:PutLogEvents"]],
      ["Code1", ["dynamodb:GetItem"]],
      ["EventSqsOrdersConsumeQueue", ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]],
      ["Code2", ["s3:GetObject"]],
      ["Code3", ["sns:Publish"]],
      ["Code4", ["sqs:SendMessage"]],
    ]);
  });

  test("validated like policyStatements, named addPolicyStatements[i]; nothing is added when refused", () => {
    const stack = accountStack();
    const fn = build({}, stack);
    const error = validationError(() =>
      fn.addPolicyStatements({ actions: ["s3:*"], resources: ["arn:aws:s3:::b/*"] }, { actions: ["dynamodb:GetItem"], resources: ["*"] }),
    );
    expect(error.message).toContain("Invalid ServerlessFunction addPolicyStatements at stack/Fn");
    expect(error.problems.map((p) => p.prop)).toEqual(["addPolicyStatements[0].actions[0]", "addPolicyStatements[1].resources"]);
    expect(fn.role.statements.map((s) => s.sid)).toEqual(["WriteOwnLogGroup"]);
  });

  test("template syntax in added statements is refused", () => {
    const fn = build({});
    const error = validationError(() => fn.addPolicyStatements({ actions: ["s3:GetObject"], resources: ['arn:aws:s3:::${file("x")}/*'] }));
    expect(error.problems.map((p) => p.prop)).toEqual(["addPolicyStatements[0].resources[0]"]);
  });

  test("refused when the role's policy would pass 10,240 characters with everything it holds, event statements included", () => {
    const stack = accountStack();
    const events = Array.from({ length: 40 }, (_, i) => ({ type: "sqs" as const, queueArn: `arn:aws:sqs:eu-west-1:111111111111:queue-with-a-rather-long-name-${i}` }));
    const fn = build({ events }, stack);
    const many = Array.from({ length: 20 }, (_, i) => ({ actions: ["s3:GetObject"], resources: [`arn:aws:s3:::bucket-${i}/some/long/prefix/of/objects/*`] }));
    const error = validationError(() => fn.addPolicyStatements(...many));
    expect(error.problems.map((p) => p.prop)).toEqual(["addPolicyStatements"]);
    expect(error.problems[0].rule).toMatch(/within 10240 characters.*with what the role already holds/);
  });

  test("the construction-time size check counts event and destination statements", () => {
    const events = Array.from({ length: 50 }, (_, i) => ({ type: "sqs" as const, queueArn: `arn:aws:sqs:eu-west-1:111111111111:queue-with-a-rather-long-name-${i}` }));
    // 40 of them fit (about 9,600 characters, each statement's id naming its queue); 50 do not.
    expect(() => new ServerlessFunction(accountStack(), "Fn", { functionName: "fn", codeDirectory: CODE_DIR, events: events.slice(0, 40) })).not.toThrow();
    const error = validationError(() => new ServerlessFunction(accountStack(), "Fn", { functionName: "fn", codeDirectory: CODE_DIR, events }));
    expect(error.problems.map((p) => p.prop)).toEqual(["policyStatements"]);
  });
});
