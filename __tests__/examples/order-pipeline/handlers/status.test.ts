import type { LambdaFunctionURLEventWithIAMAuthorizer } from "aws-lambda";
import { handler } from "../../../../examples/order-pipeline/handlers/status";
import { context, noCallback, sampleEvent } from "./events";

describe("order-pipeline: status on the function URL", () => {
  const event = sampleEvent<LambdaFunctionURLEventWithIAMAuthorizer>("url-get-status");

  it("answers GET ?id= with the order id and the signed caller", async () => {
    const result = await handler(event, context, noCallback);
    expect(result).toMatchObject({ statusCode: 200, headers: { "content-type": "application/json" } });
    expect(JSON.parse((result as { body: string }).body)).toEqual({ id: "o-1001", pipeline: "order-pipeline", caller: "arn:aws:iam::111111111111:user/ops" });
  });

  it("refuses other methods and bad ids", async () => {
    const post = { ...event, requestContext: { ...event.requestContext, http: { ...event.requestContext.http, method: "POST" } } };
    await expect(handler(post, context, noCallback)).resolves.toMatchObject({ statusCode: 405 });
    await expect(handler({ ...event, queryStringParameters: { id: "../etc" } }, context, noCallback)).resolves.toMatchObject({ statusCode: 400 });
  });
});
