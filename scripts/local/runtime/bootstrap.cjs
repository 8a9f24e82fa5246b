/*
 * The Lambda Node.js runtime, for one invocation, in the function's own process (started by
 * scripts/local/worker.ts): loads the `_HANDLER` from LAMBDA_TASK_ROOT as the runtime does
 * (module path and extensions, nested export names, the same Runtime.* error types), calls it with
 * the event and a context, and sends back the JSON result or the error. Plain JavaScript with
 * Node's built-ins only: nothing of the project may leak into the function's module resolution.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const util = require("node:util");
const { pathToFileURL } = require("node:url");

const MAX_RESPONSE_BYTES = 6291556;

class RuntimeError extends Error {
  constructor(type, message) {
    super(message);
    this.name = type;
  }
}

function errorPayload(error) {
  if (error instanceof Error) {
    return { errorType: error.name || "Error", errorMessage: error.message, trace: String(error.stack || "").split("\n") };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

// The runtime's console: each line carries a timestamp, the request id and the level.
function patchConsole(requestId) {
  const write = (level) => (...args) => process.stdout.write(`${new Date().toISOString()}\t${requestId}\t${level}\t${util.format(...args).replace(/\n/g, "\r")}\n`);
  console.log = write("INFO");
  console.info = write("INFO");
  console.warn = write("WARN");
  console.error = write("ERROR");
  console.debug = write("DEBUG");
  console.trace = write("TRACE");
}

function splitHandler(fullHandler) {
  if (/(^|\/)\.\.(\/|$)/.test(fullHandler)) {
    throw new RuntimeError("Runtime.MalformedHandlerName", `'${fullHandler}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`);
  }
  const base = path.basename(fullHandler);
  const moduleRoot = fullHandler.slice(0, fullHandler.length - base.length);
  const match = /^([^.]*)\.(.*)$/.exec(base);
  if (!match) throw new RuntimeError("Runtime.MalformedHandlerName", "Bad handler");
  return { moduleRoot, module: match[1], handlerPath: match[2] };
}

function hasTypeModule(file) {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const pj = path.join(dir, "package.json");
    if (fs.existsSync(pj)) {
      try {
        return JSON.parse(fs.readFileSync(pj, "utf8")).type === "module";
      } catch {
        return false;
      }
    }
    if (dir === path.dirname(dir)) return false;
  }
}

function userCodeError(error) {
  if (error instanceof SyntaxError) return new RuntimeError("Runtime.UserCodeSyntaxError", `${error.name}: ${error.message}`);
  if (error && error.code === "MODULE_NOT_FOUND" || (error && error.code === "ERR_MODULE_NOT_FOUND")) {
    return new RuntimeError("Runtime.ImportModuleError", `Error: ${error.message.split("\n")[0]}`);
  }
  return error;
}

async function loadModule(taskRoot, moduleRoot, module) {
  const base = path.resolve(taskRoot, moduleRoot, module);
  const tryRequire = (file) => (fs.existsSync(file) && fs.statSync(file).isFile() ? require(file) : undefined);
  const tryImport = async (file) => (fs.existsSync(file) ? import(pathToFileURL(file).href) : undefined);
  try {
    // The runtime's order: extensionless, .js by require unless package.json says module, then
    // .js (module) and .mjs by import, .cjs by require, and last a package of that name.
    const extensionless = tryRequire(base);
    if (extensionless !== undefined) return extensionless;
    const esm = hasTypeModule(`${base}.js`);
    if (!esm) {
      const js = tryRequire(`${base}.js`);
      if (js !== undefined) return js;
    }
    const loaded = (esm && (await tryImport(`${base}.js`))) || (await tryImport(`${base}.mjs`)) || tryRequire(`${base}.cjs`);
    if (loaded !== undefined) return loaded;
    let resolved;
    try {
      resolved = require.resolve(module, { paths: [path.resolve(taskRoot, moduleRoot), ...(process.env.NODE_PATH || "").split(":")] });
    } catch {
      throw new RuntimeError("Runtime.ImportModuleError", `Error: Cannot find module '${module}'`);
    }
    return require(resolved);
  } catch (error) {
    throw userCodeError(error);
  }
}

async function loadHandler(fullHandler, taskRoot) {
  const { moduleRoot, module, handlerPath } = splitHandler(fullHandler);
  const loaded = await loadModule(taskRoot, moduleRoot, module);
  let handler = loaded;
  for (const part of handlerPath.split(".")) {
    handler = handler == null ? undefined : handler[part];
  }
  if (handler === undefined) throw new RuntimeError("Runtime.HandlerNotFound", `${fullHandler} is undefined or not exported`);
  if (typeof handler !== "function") throw new RuntimeError("Runtime.HandlerNotFound", `${fullHandler} is not a function`);
  return handler;
}

function send(message) {
  process.send(message, () => process.exit(0));
}

function succeed(result) {
  const payload = JSON.stringify(result === undefined ? null : result);
  if (Buffer.byteLength(payload) > MAX_RESPONSE_BYTES) {
    fail(new RuntimeError("Function.ResponseSizeTooLarge", `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`));
    return;
  }
  send({ type: "result", payload });
}

function fail(error) {
  send({ type: "error", error: errorPayload(error) });
}

process.on("uncaughtException", (error) => {
  console.error("Uncaught Exception", error);
  fail(error);
});
process.on("unhandledRejection", (reason) => {
  console.error("Unhandled Promise Rejection", reason);
  fail(reason instanceof Error ? reason : new RuntimeError("Runtime.UnhandledPromiseRejection", String(reason)));
});

// Lambda's sandbox does not outlive the service: neither does this process outlive `npm run local`.
process.on("disconnect", () => process.exit(129));

process.once("message", async (message) => {
  const { event, requestId, deadlineMs, functionArn } = message;
  patchConsole(requestId);
  let handler;
  try {
    handler = await loadHandler(process.env._HANDLER || "", process.env.LAMBDA_TASK_ROOT || process.cwd());
  } catch (error) {
    console.error(`${error.name}: ${error.message}`);
    fail(error);
    return;
  }
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: functionArn,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: requestId,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    getRemainingTimeInMillis: () => Math.max(0, deadlineMs - Date.now()),
    done: (error, result) => (error ? fail(error) : succeed(result)),
    succeed: (result) => succeed(result),
    fail: (error) => fail(error),
  };
  try {
    if (handler.length >= 3) {
      // Callback style: the result counts once the callback is called.
      handler(JSON.parse(event), context, (error, result) => (error ? fail(error) : succeed(result)));
    } else {
      succeed(await handler(JSON.parse(event), context));
    }
  } catch (error) {
    console.error("Invoke Error", error);
    fail(error);
  }
});
