import { App } from "cdktf";
import { HttpApi, Queue, Secret, ServerlessFunction, Table } from "../../../modules/aws";
import { CODE_DIR, validationError } from "../aws/support";
import { appStack } from "../aws/data-support";

/** Two stacks of one app, each with its own provider and a dev rule pack. */
function twoStacks() {
  const app = new App({ stackTraces: false });
  return { a: appStack(app, "svc-a", "dev"), b: appStack(app, "svc-b", "dev") };
}

describe("a resource of another stack, wired into IAM or an event source", () => {
  test("Noncompliance: a grant to a function of another stack names the grant, the function and both stacks", () => {
    const { a, b } = twoStacks();
    const table = new Table(a, "Stock", { tableName: "stock", partitionKey: { name: "pk", type: "S" } });
    const fn = new ServerlessFunction(b, "Fn", { functionName: "fn", codeDirectory: CODE_DIR });
    const error = validationError(() => table.grantReadData(fn));
    expect(error.message).toContain("svc-a/Stock");
    expect(error.message).toContain(`fn: must be a resource of svc-a, the stack of svc-a/Stock`);
    expect(error.message).toContain(`received "svc-b/Fn of stack svc-b"`);
  });

  test("Noncompliance: an event on another stack's Queue (the construct, or its arn) and a Secret of another stack", () => {
    const { a, b } = twoStacks();
    const queue = new Queue(a, "Jobs", { queueName: "jobs" });
    const secret = new Secret(a, "Token", { secretName: "token" });
    const byConstruct = validationError(() => new ServerlessFunction(b, "Fn", { functionName: "fn", codeDirectory: CODE_DIR, events: [{ type: "sqs", queue }] }));
    expect(byConstruct.message).toContain("svc-b/Fn");
    expect(byConstruct.message).toContain(`events[0].queue: must be a resource of svc-b, the stack of svc-b/Fn`);
    expect(byConstruct.message).toContain(`received "svc-a/Jobs of stack svc-a"`);

    const byArn = validationError(() => new ServerlessFunction(b, "Fn2", { functionName: "fn2", codeDirectory: CODE_DIR, events: [{ type: "sqs", queueArn: queue.arn }] }));
    expect(byArn.message).toContain(`events[0].queueArn: must be a resource of svc-b, the stack of svc-b/Fn2`);
    expect(byArn.message).toMatch(/received "aws_sqs_queue\.[A-Za-z0-9_]+\.arn of stack svc-a"/);

    const bySecret = validationError(() => new ServerlessFunction(b, "Fn3", { functionName: "fn3", codeDirectory: CODE_DIR, secrets: { TOKEN: secret } }));
    expect(bySecret.message).toContain(`secrets.TOKEN: must be a resource of svc-b, the stack of svc-b/Fn3`);
    expect(bySecret.message).toContain(`received "svc-a/Token of stack svc-a"`);
  });

  test("Noncompliance: an HTTP API routing to a function of another stack", () => {
    const { a, b } = twoStacks();
    const fn = new ServerlessFunction(a, "Fn", { functionName: "fn", codeDirectory: CODE_DIR });
    const error = validationError(() => new HttpApi(b, "Api", { apiName: "api", routes: [{ method: "GET", path: "/x", target: fn, authorization: "AWS_IAM" }] }));
    expect(error.message).toContain(`routes[0].target: must be a resource of svc-b, the stack of svc-b/Api`);
    expect(error.message).toContain(`received "svc-a/Fn of stack svc-a"`);
  });

  test("Compliance: the same wiring inside one stack, and literal ARNs, pass", () => {
    const { b } = twoStacks();
    const queue = new Queue(b, "Jobs", { queueName: "jobs" });
    const secret = new Secret(b, "Token", { secretName: "token" });
    const table = new Table(b, "Stock", { tableName: "stock", partitionKey: { name: "pk", type: "S" } });
    const fn = new ServerlessFunction(b, "Fn", { functionName: "fn", codeDirectory: CODE_DIR, events: [{ type: "sqs", queue }], secrets: { TOKEN: secret } });
    expect(() => table.grantReadData(fn)).not.toThrow();
    expect(
      () => new ServerlessFunction(b, "Fn2", { functionName: "fn2", codeDirectory: CODE_DIR, events: [{ type: "sqs", queueArn: "arn:aws:sqs:eu-west-1:111111111111:elsewhere" }] }),
    ).not.toThrow();
  });
});
