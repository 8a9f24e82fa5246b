import type { APIGatewayProxyHandlerV2 } from "aws-lambda";
import { randomUUID } from "node:crypto";
import { createUsersHandlers } from "./handlers";
import { repositoryFromEnvironment } from "./repository";

// One bundle, five functions: each function's `handler` names one of these exports and its role
// allows only the DynamoDB action that export uses.
const users = createUsersHandlers({ repository: repositoryFromEnvironment, newId: randomUUID, now: () => new Date() });

/** GET /users: dynamodb:Scan */
export const list = users.list satisfies APIGatewayProxyHandlerV2;
/** GET /users/{id}: dynamodb:GetItem */
export const get = users.get satisfies APIGatewayProxyHandlerV2;
/** POST /users: dynamodb:PutItem */
export const create = users.create satisfies APIGatewayProxyHandlerV2;
/** PUT /users/{id}: dynamodb:UpdateItem */
export const update = users.update satisfies APIGatewayProxyHandlerV2;
/** DELETE /users/{id}: dynamodb:DeleteItem */
export const remove = users.remove satisfies APIGatewayProxyHandlerV2;
