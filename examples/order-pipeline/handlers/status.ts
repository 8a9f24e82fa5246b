import type { LambdaFunctionURLHandlerWithIAMAuthorizer, LambdaFunctionURLResult } from "aws-lambda";

const json = (statusCode: number, body: unknown): LambdaFunctionURLResult => ({
  statusCode,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

/** `GET /?id=<order id>` on the function URL (SigV4-signed callers only, AWS_IAM). */
export const handler: LambdaFunctionURLHandlerWithIAMAuthorizer = async (event) => {
  if (event.requestContext.http.method !== "GET") return json(405, { error: "GET only" });
  const id = event.queryStringParameters?.id ?? "";
  if (!/^[A-Za-z0-9-]{1,64}$/.test(id)) return json(400, { error: "bad order id" });
  return json(200, { id, pipeline: "order-pipeline", caller: event.requestContext.authorizer.iam.userArn });
};
