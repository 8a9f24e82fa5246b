import { createLogger, errorResponse, HttpError, httpHandler, json, JsonBodyError, parseJsonBody } from "@svc/shared";
import { bodyOf, captureStdout, httpEvent, lambdaContext } from "../http-fixtures";

function recordingLogger(options: Parameters<typeof createLogger>[0] = {}) {
  const lines: string[] = [];
  const log = createLogger({ ...options, write: (line) => lines.push(line) });
  return { log, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>), lines };
}

describe("json", () => {
  it("serializes the body and sets the JSON content type", () => {
    expect(json(200, { a: 1 })).toEqual({
      statusCode: 200,
      headers: { "content-type": "application/json; charset=utf-8" },
      body: '{"a":1}',
    });
  });

  it("adds extra headers", () => {
    expect(json(201, { id: "x" }, { location: "/users/x" }).headers).toEqual({
      "content-type": "application/json; charset=utf-8",
      location: "/users/x",
    });
  });

  it("has neither body nor content type without a body", () => {
    const response = json(204);
    expect(response).toEqual({ statusCode: 204, headers: {} });
    expect("body" in response).toBe(false);
  });

  it("serializes falsy bodies rather than dropping them", () => {
    expect(json(200, null).body).toBe("null");
    expect(json(200, 0).body).toBe("0");
  });
});

describe("HttpError", () => {
  it("carries status, message and details and is an Error", () => {
    const error = new HttpError(422, "nope", ["a"]);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ statusCode: 422, message: "nope", details: ["a"], name: "HttpError" });
  });

  it("has no details property when none are given", () => {
    expect("details" in new HttpError(400, "bad")).toBe(false);
  });
});

describe("parseJsonBody", () => {
  it("parses a JSON body", () => {
    expect(parseJsonBody({ body: '{"name":"Ada"}', isBase64Encoded: false })).toEqual({ ok: true, value: { name: "Ada" } });
  });

  it("decodes a base64 body first", () => {
    const body = Buffer.from('{"name":"Zoë"}', "utf8").toString("base64");
    expect(parseJsonBody({ body, isBase64Encoded: true })).toEqual({ ok: true, value: { name: "Zoë" } });
  });

  it("does not decode a body that is not flagged as base64", () => {
    const body = Buffer.from("{}", "utf8").toString("base64");
    const result = parseJsonBody({ body, isBase64Encoded: false });
    expect(result.ok).toBe(false);
  });

  it.each([undefined, ""])("returns a 400 JsonBodyError for a missing body (%p)", (body) => {
    const result = parseJsonBody({ body, isBase64Encoded: false });
    if (result.ok) throw new Error("expected an error");
    expect(result.error).toBeInstanceOf(JsonBodyError);
    expect(result.error).toBeInstanceOf(HttpError);
    expect(result.error).toMatchObject({ statusCode: 400, reason: "missing", message: "Request body is required" });
  });

  it.each(["{", "{'a':1}", "undefined"])("returns a 400 JsonBodyError for invalid JSON %p", (body) => {
    const result = parseJsonBody({ body, isBase64Encoded: false });
    if (result.ok) throw new Error("expected an error");
    expect(result.error).toMatchObject({ statusCode: 400, reason: "invalid-json", message: "Request body is not valid JSON" });
  });

  it("reports invalid JSON inside a base64 body", () => {
    const result = parseJsonBody({ body: Buffer.from("not json").toString("base64"), isBase64Encoded: true });
    expect(result.ok).toBe(false);
  });
});

describe("createLogger", () => {
  it("writes one JSON line per call with level, message, request id and fields", () => {
    const { log, lines } = recordingLogger({ requestId: "req-1", level: "debug" });
    log.info("user created", { userId: "u1", count: 2 });
    log.debug("detail");
    expect(lines).toEqual([
      '{"level":"info","message":"user created","requestId":"req-1","userId":"u1","count":2}',
      '{"level":"debug","message":"detail","requestId":"req-1"}',
    ]);
  });

  it("omits the request id when none is given", () => {
    const { log, records } = recordingLogger();
    log.warn("careful");
    expect(records()).toEqual([{ level: "warn", message: "careful" }]);
  });

  it("does not let fields overwrite level, message or request id", () => {
    const { log, records } = recordingLogger({ requestId: "req-1" });
    log.error("real", { level: "debug", message: "fake", requestId: "other", extra: true });
    expect(records()).toEqual([{ level: "error", message: "real", requestId: "req-1", extra: true }]);
  });

  it("drops lines below the level, defaulting to LOG_LEVEL then info", () => {
    const previous = process.env.LOG_LEVEL;
    try {
      delete process.env.LOG_LEVEL;
      const byDefault = recordingLogger();
      byDefault.log.debug("hidden");
      byDefault.log.info("shown");
      expect(byDefault.records().map((r) => r.message)).toEqual(["shown"]);

      process.env.LOG_LEVEL = "WARN";
      const fromEnv = recordingLogger();
      fromEnv.log.info("hidden");
      fromEnv.log.warn("shown");
      expect(fromEnv.records().map((r) => r.message)).toEqual(["shown"]);

      process.env.LOG_LEVEL = "nonsense";
      const fallback = recordingLogger();
      fallback.log.debug("hidden");
      fallback.log.info("shown");
      expect(fallback.records().map((r) => r.message)).toEqual(["shown"]);
    } finally {
      if (previous === undefined) delete process.env.LOG_LEVEL;
      else process.env.LOG_LEVEL = previous;
    }
  });

  it("child loggers add their fields to every line", () => {
    const { log, records } = recordingLogger({ requestId: "r", fields: { service: "users" } });
    log.child({ route: "GET /users" }).info("hi", { n: 1 });
    expect(records()).toEqual([{ level: "info", message: "hi", requestId: "r", service: "users", route: "GET /users", n: 1 }]);
  });

  it("serializes errors with name, message and stack, and bigints as strings", () => {
    const { log, records } = recordingLogger();
    const error = new TypeError("boom");
    log.error("failed", { error, big: BigInt(10) });
    const [record] = records();
    expect(record).toMatchObject({ error: { name: "TypeError", message: "boom" }, big: "10" });
    expect((record.error as { stack: string }).stack).toContain("TypeError: boom");
  });

  it("still logs one line when fields cannot be serialized", () => {
    const { log, records } = recordingLogger({ requestId: "r" });
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => log.info("odd", { circular })).not.toThrow();
    expect(records()).toEqual([{ level: "info", message: "odd", requestId: "r", logError: "unserializable fields" }]);
  });

  it("writes to stdout by default, newline-terminated", () => {
    const stdout = captureStdout();
    try {
      createLogger({ requestId: "r" }).info("to stdout");
    } finally {
      stdout.restore();
    }
    expect(stdout.lines()).toEqual([{ level: "info", message: "to stdout", requestId: "r" }]);
  });
});

describe("errorResponse", () => {
  it("returns a client error's status, message and details without logging", () => {
    const { log, lines } = recordingLogger();
    const response = errorResponse(new HttpError(400, "Invalid user", ["name is required"]), log, "r");
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response)).toEqual({ error: "Invalid user", details: ["name is required"] });
    expect(lines).toEqual([]);
  });

  it("turns an unexpected error into a generic 500 and logs it", () => {
    const { log, records } = recordingLogger({ requestId: "r" });
    const response = errorResponse(new Error("secret table name in message"), log, "r");
    expect(response.statusCode).toBe(500);
    expect(bodyOf(response)).toEqual({ error: "Internal server error", requestId: "r" });
    expect(response.body).not.toContain("secret");
    expect(response.body).not.toContain("at ");
    expect(records()).toEqual([
      expect.objectContaining({ level: "error", message: "Unhandled error", error: expect.objectContaining({ message: "secret table name in message" }) }),
    ]);
  });

  it("treats a 5xx HttpError like any unexpected error", () => {
    const { log, lines } = recordingLogger();
    const response = errorResponse(new HttpError(503, "db down"), log);
    expect(response.statusCode).toBe(500);
    expect(bodyOf(response)).toEqual({ error: "Internal server error" });
    expect(lines).toHaveLength(1);
  });

  it("copes with thrown non-errors", () => {
    const { log, records } = recordingLogger();
    expect(errorResponse("just a string", log).statusCode).toBe(500);
    expect(records()[0]).toMatchObject({ error: "just a string" });
  });
});

describe("httpHandler", () => {
  it("passes a request-scoped logger and returns the handler's response", async () => {
    const stdout = captureStdout();
    try {
      const handler = httpHandler(async (event, { log, requestId }) => {
        log.info("handling", { path: event.rawPath });
        return json(200, { requestId });
      });
      const response = await handler(httpEvent({ path: "/x" }), lambdaContext("lambda-1"));
      expect(bodyOf(response)).toEqual({ requestId: "lambda-1" });
    } finally {
      stdout.restore();
    }
    expect(stdout.lines()).toEqual([
      { level: "info", message: "handling", requestId: "lambda-1", apiRequestId: "api-request-1", path: "/x" },
    ]);
  });

  it("maps thrown errors to responses", async () => {
    const stdout = captureStdout();
    try {
      const clientError = httpHandler(async () => {
        throw new HttpError(404, "gone");
      });
      expect(bodyOf(await clientError(httpEvent(), lambdaContext()))).toEqual({ error: "gone" });

      const serverError = httpHandler(async () => {
        throw new Error("kaput");
      });
      const response = await serverError(httpEvent(), lambdaContext("lambda-2"));
      expect(response.statusCode).toBe(500);
      expect(bodyOf(response)).toEqual({ error: "Internal server error", requestId: "lambda-2" });
    } finally {
      stdout.restore();
    }
    expect(stdout.lines()).toEqual([expect.objectContaining({ level: "error", requestId: "lambda-2", apiRequestId: "api-request-1" })]);
  });
});
