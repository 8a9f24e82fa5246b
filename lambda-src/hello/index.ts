import { HttpError, httpHandler, json } from "@svc/shared";
import type { APIGatewayProxyHandlerV2 } from "aws-lambda";

// Unicode letters so that "José" is greeted too; the name is echoed back, so nothing else passes.
const NAME = /^[\p{L}\p{N} _-]{1,64}$/u;

/** GET /hello?name=...: 200 `{ message: "Hello, <name>!" }`. */
export const handler = httpHandler(async (event) => {
  const name = event.queryStringParameters?.name ?? "world";
  if (!NAME.test(name) || name.trim() === "") {
    throw new HttpError(400, "name must be 1 to 64 letters, digits, spaces, - or _");
  }
  return json(200, { message: `Hello, ${name}!` });
}) satisfies APIGatewayProxyHandlerV2;
