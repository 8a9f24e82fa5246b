import type { APIGatewayProxyResultV2 } from "aws-lambda";

/** The API's one answer: its version, so a rollout can be watched from outside (`AWS_LAMBDA_FUNCTION_VERSION`). */
export async function handler(): Promise<APIGatewayProxyResultV2> {
  return {
    statusCode: 200,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ status: "ok", version: process.env.AWS_LAMBDA_FUNCTION_VERSION ?? "$LATEST" }),
  };
}
