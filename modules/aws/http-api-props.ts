import type { AllKeysListed } from "../core/known-keys";
import type { ServerlessFunction } from "./serverless-function";

/**
 * Who may call a route: `AWS_IAM` (SigV4-signed callers allowed by their own IAM policy), `JWT`
 * (tokens checked by the API's `jwtAuthorizer`), `LAMBDA` (the API's `lambdaAuthorizer` function
 * decides; API Gateway calls this `CUSTOM`) or `NONE` (public).
 */
export type HttpApiAuthorization = "NONE" | "AWS_IAM" | "JWT" | "LAMBDA";

/** One route: `METHOD /path` handled by a function (Lambda proxy, payload format 2.0). */
export interface HttpApiRoute {
  /** GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or ANY. */
  readonly method: string;
  /** `/users/{id}`; a greedy `{proxy+}` only as the last segment. */
  readonly path: string;
  readonly target: ServerlessFunction;
  /**
   * Who may call the route (see `HttpApiAuthorization`).
   * @default the API's authorizer when it has exactly one (`JWT` or `LAMBDA`), otherwise "NONE"; an API
   * with both authorizers needs it on every route
   */
  readonly authorization?: HttpApiAuthorization;
  /** OAuth scopes a JWT must carry for this route. @default none */
  readonly authorizationScopes?: readonly string[];
}

/**
 * The `$default` route: every request no other route matches, whatever its method and path (a web
 * app served by one function, e.g. Next.js with the Lambda Web Adapter).
 */
export interface HttpApiDefaultRoute {
  readonly target: ServerlessFunction;
  /** @default as for `routes` */
  readonly authorization?: HttpApiAuthorization;
  /** OAuth scopes a JWT must carry. @default none */
  readonly authorizationScopes?: readonly string[];
}

/** Every key of `HttpApiDefaultRoute`. */
export const HTTP_API_DEFAULT_ROUTE_KEYS = ["target", "authorization", "authorizationScopes"] as const satisfies readonly (keyof HttpApiDefaultRoute)[];
export type HttpApiDefaultRouteKeysComplete = AllKeysListed<Exclude<keyof HttpApiDefaultRoute, (typeof HTTP_API_DEFAULT_ROUTE_KEYS)[number]>>;

/**
 * A Lambda REQUEST authorizer (payload format 2.0): API Gateway calls `function` with the request's
 * headers, query, path and context before every route whose `authorization` is `LAMBDA`.
 */
export interface HttpApiLambdaAuthorizerProps {
  /** The function that decides; API Gateway may invoke it for this API's authorizer only. */
  readonly function: ServerlessFunction;
  /**
   * Where the caller's identity is: `$request.header.<name>`, `$request.querystring.<name>`,
   * `$context.<variable>` or `$stageVariables.<name>`. A request missing one of them is refused with
   * 401 without calling the function. They are also the cache key when `resultTtlSeconds` is above 0.
   * `[]` (only without caching) calls the function for every request.
   * @default ["$request.header.Authorization"]
   */
  readonly identitySources?: readonly string[];
  /**
   * How long API Gateway reuses a decision for the same identity sources, 0 to 3600 seconds. A cached
   * decision applies to every route of the authorizer: add `$context.routeKey` to `identitySources`
   * when the decision depends on the route.
   * @default 0 (no caching: the function decides each request)
   */
  readonly resultTtlSeconds?: number;
  /**
   * The function answers `{ isAuthorized: boolean, context? }` (true) or an IAM policy document (false).
   * @default true
   */
  readonly enableSimpleResponses?: boolean;
}

/** Every key of `HttpApiLambdaAuthorizerProps`. */
export const HTTP_API_LAMBDA_AUTHORIZER_KEYS = ["function", "identitySources", "resultTtlSeconds", "enableSimpleResponses"] as const satisfies readonly (keyof HttpApiLambdaAuthorizerProps)[];
export type HttpApiLambdaAuthorizerKeysComplete = AllKeysListed<Exclude<keyof HttpApiLambdaAuthorizerProps, (typeof HTTP_API_LAMBDA_AUTHORIZER_KEYS)[number]>>;

/** Every key of `HttpApiRoute`, for `Validator.onlyKnownKeys`. */
export const HTTP_API_ROUTE_KEYS = ["method", "path", "target", "authorization", "authorizationScopes"] as const satisfies readonly (keyof HttpApiRoute)[];
export type HttpApiRouteKeysComplete = AllKeysListed<Exclude<keyof HttpApiRoute, (typeof HTTP_API_ROUTE_KEYS)[number]>>;

/** A JWT authorizer (any OIDC issuer: Cognito, Auth0, Entra ID...). */
export interface HttpApiJwtAuthorizerProps {
  /** Issuer URL, e.g. `https://cognito-idp.<region>.amazonaws.com/<user pool id>`. */
  readonly issuer: string;
  /** Accepted `aud` values (client ids). */
  readonly audience: readonly string[];
  /** @default "$request.header.Authorization" */
  readonly identitySource?: string;
}

/** Every key of `HttpApiJwtAuthorizerProps`. */
export const HTTP_API_JWT_AUTHORIZER_KEYS = ["issuer", "audience", "identitySource"] as const satisfies readonly (keyof HttpApiJwtAuthorizerProps)[];
export type HttpApiJwtAuthorizerKeysComplete = AllKeysListed<Exclude<keyof HttpApiJwtAuthorizerProps, (typeof HTTP_API_JWT_AUTHORIZER_KEYS)[number]>>;

export interface HttpApiCorsProps {
  /** Origins allowed to call the API (`https://app.example.com`, or `*`). */
  readonly allowOrigins: readonly string[];
  /**
   * GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or `*` (not `ANY`, which only routes know).
   * @default ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
   */
  readonly allowMethods?: readonly string[];
  /** @default ["content-type", "authorization"] */
  readonly allowHeaders?: readonly string[];
  /** @default none */
  readonly exposeHeaders?: readonly string[];
  /** @default false */
  readonly allowCredentials?: boolean;
  /** How long browsers may cache the preflight answer. @default 300 */
  readonly maxAgeSeconds?: number;
}

/** Every key of `HttpApiCorsProps`. */
export const HTTP_API_CORS_KEYS = [
  "allowOrigins",
  "allowMethods",
  "allowHeaders",
  "exposeHeaders",
  "allowCredentials",
  "maxAgeSeconds",
] as const satisfies readonly (keyof HttpApiCorsProps)[];
export type HttpApiCorsKeysComplete = AllKeysListed<Exclude<keyof HttpApiCorsProps, (typeof HTTP_API_CORS_KEYS)[number]>>;

/** Default route throttling of the stage; each limit left out keeps its default. */
export interface HttpApiThrottleProps {
  /** Requests API Gateway accepts at once above the rate, 1 to 5000 (0 would refuse every request). @default 100 */
  readonly burstLimit?: number;
  /** Requests per second, above 0 and at most 10000 (0 would refuse every request). @default 50 */
  readonly rateLimit?: number;
}

/** Every key of `HttpApiThrottleProps`. */
export const HTTP_API_THROTTLE_KEYS = ["burstLimit", "rateLimit"] as const satisfies readonly (keyof HttpApiThrottleProps)[];
export type HttpApiThrottleKeysComplete = AllKeysListed<Exclude<keyof HttpApiThrottleProps, (typeof HTTP_API_THROTTLE_KEYS)[number]>>;

export interface HttpApiProps {
  /** Name of the API, 1 to 128 characters. */
  readonly apiName: string;
  /** The routes: at least one, unless there is a `defaultRoute`. @default none */
  readonly routes?: readonly HttpApiRoute[];
  /** The `$default` catch-all route: requests that match no route go to this function. @default none (404) */
  readonly defaultRoute?: HttpApiDefaultRoute;
  /** @default "$default" (auto-deployed, no stage in the URL) */
  readonly stageName?: string;
  /** @default no CORS */
  readonly cors?: HttpApiCorsProps;
  /** Validates JWTs for routes whose `authorization` is `JWT`. @default none */
  readonly jwtAuthorizer?: HttpApiJwtAuthorizerProps;
  /** A Lambda REQUEST authorizer for routes whose `authorization` is `LAMBDA`. @default none */
  readonly lambdaAuthorizer?: HttpApiLambdaAuthorizerProps;
  /** Default route throttling of the stage. @default { burstLimit: 100, rateLimit: 50 } */
  readonly throttle?: HttpApiThrottleProps;
  /** Retention of the access log group, in days. @default 30 */
  readonly accessLogRetentionDays?: number;
  /** @default none */
  readonly description?: string;
  /** @default none */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Every key of `HttpApiProps`, for `Validator.onlyKnownKeys`. */
export const HTTP_API_PROP_KEYS = [
  "apiName",
  "routes",
  "defaultRoute",
  "stageName",
  "cors",
  "jwtAuthorizer",
  "lambdaAuthorizer",
  "throttle",
  "accessLogRetentionDays",
  "description",
  "tags",
] as const satisfies readonly (keyof HttpApiProps)[];
export type HttpApiPropKeysComplete = AllKeysListed<Exclude<keyof HttpApiProps, (typeof HTTP_API_PROP_KEYS)[number]>>;
