// The runtime client of `cdk-from-rust dev` for Node.js handlers: what Lambda's own runtime
// does inside a Node environment. It loads `_HANDLER` from LAMBDA_TASK_ROOT once (so module
// state stays warm between invocations, as on Lambda), then loops on the Lambda Runtime API
// that the dev server serves for this environment only. Written by cdk-from-rust into its
// cache folder; CommonJS on purpose, so that it runs whatever the handler's module kind is.
"use strict";

const http = require("node:http");
const path = require("node:path");
const fs = require("node:fs");
const { pathToFileURL } = require("node:url");

const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(":");
const base = "/2018-06-01/runtime";

// Plain node:http and no timeouts: `next` is a long poll that may wait for hours, longer than
// fetch's default header timeout. One kept-alive connection for every call (they never
// overlap): a connection per call would cost two TCP handshakes per invocation.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function call(method, urlPath, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(body);
    const req = http.request(
      { host, port: Number(port), method, path: base + urlPath, agent,
        headers: data ? { "content-type": "application/json", "content-length": data.length, ...headers } : headers },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}

// The error document Lambda's Node runtime posts: an Error (or an object shaped like one) gives
// its name, message and stack lines; anything else thrown or rejected gives its `typeof` and
// its text (`callback("text")` is errorType "string", `throw 42` "number").
function errorJson(err) {
  const isError = (e) =>
    e instanceof Error || (e && typeof e.name === "string" && e.name && typeof e.message === "string" && e.message && typeof e.stack === "string");
  try {
    if (isError(err)) return JSON.stringify({ errorType: err.name, errorMessage: err.message, trace: String(err.stack || "").split("\n") });
    return JSON.stringify({ errorType: typeof err, errorMessage: err.toString(), trace: [] });
  } catch {
    return JSON.stringify({
      errorType: "handled",
      errorMessage: "callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack",
    });
  }
}

// Lambda's Node runtimes provide `@aws-sdk/*` to ES modules too, where NODE_PATH does not
// reach: a resolve hook retries a bare specifier that the handler's own folders lack from the
// pinned SDK folder of the cache.
const SDK_HOOK = `
let parentURL;
export function initialize(data) { parentURL = data.parentURL; }
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (e) {
    const bare = !/^(\\.|\\/|[a-z]+:)/.test(specifier);
    if (e?.code !== "ERR_MODULE_NOT_FOUND" || !bare) throw e;
    return next(specifier, { ...context, parentURL });
  }
}`;

function provideSdkToModules() {
  const { register } = require("node:module");
  const modules = process.env.NODE_PATH;
  if (!register || !modules) return;
  const parentURL = pathToFileURL(path.join(path.dirname(modules), "resolve-from-here.mjs")).href;
  register("data:text/javascript," + encodeURIComponent(SDK_HOOK), { data: { parentURL } });
}

// `_HANDLER` is `dir/file.export`: the module is `dir/file` with the extensions Lambda tries.
async function loadHandler() {
  const handler = process.env._HANDLER;
  const root = process.env.LAMBDA_TASK_ROOT;
  const dot = handler.lastIndexOf(".");
  if (dot < 0) throw Object.assign(new Error(`Bad handler ${handler}: expected FILE.EXPORT`), { name: "Runtime.MalformedHandlerName" });
  const modulePath = path.resolve(root, handler.slice(0, dot));
  const exportPath = handler.slice(dot + 1).split(".");
  const file = [".js", ".mjs", ".cjs"].map((ext) => modulePath + ext).find((f) => fs.existsSync(f));
  if (!file) throw Object.assign(new Error(`Cannot find module '${handler.slice(0, dot)}' in ${root}`), { name: "Runtime.ImportModuleError" });
  let mod;
  if (file.endsWith(".mjs")) {
    mod = await import(pathToFileURL(file).href);
  } else {
    try {
      mod = require(file);
    } catch (e) {
      if (e && (e.code === "ERR_REQUIRE_ESM" || e.code === "ERR_REQUIRE_ASYNC_MODULE")) mod = await import(pathToFileURL(file).href);
      else throw e;
    }
  }
  let fn = mod;
  for (const key of exportPath) fn = fn == null ? undefined : fn[key];
  if (fn === undefined && mod && mod.default) {
    fn = mod.default;
    for (const key of exportPath) fn = fn == null ? undefined : fn[key];
  }
  if (typeof fn !== "function") throw Object.assign(new Error(`${handler} is undefined or not exported`), { name: "Runtime.HandlerNotFound" });
  return fn;
}

// Callback-style handlers (three parameters) and async ones both settle one promise. As in
// Lambda's runtime, an error is any value but null and undefined; a promise rejected with
// null or undefined (and `context.fail()`) fails with the string "handled".
function invoke(fn, event, context) {
  return new Promise((resolve, reject) => {
    const callback = (err, result) => (err !== undefined && err !== null ? reject(err) : resolve(result));
    const fail = (e) => reject(e === undefined || e === null ? "handled" : e);
    context.done = callback;
    context.succeed = (r) => resolve(r);
    context.fail = fail;
    try {
      const out = fn(event, context, callback);
      if (out && typeof out.then === "function") out.then(resolve, fail);
      else if (fn.length < 3) resolve(out);
    } catch (e) {
      callback(e);
    }
  });
}

async function main() {
  let fn;
  try {
    provideSdkToModules();
    fn = await loadHandler();
  } catch (e) {
    console.error(e);
    await call("POST", "/init/error", errorJson(e), { "Lambda-Runtime-Function-Error-Type": "Runtime.ImportModuleError" });
    process.exit(1);
  }
  for (;;) {
    const next = await call("GET", "/invocation/next");
    const id = next.headers["lambda-runtime-aws-request-id"];
    const deadline = Number(next.headers["lambda-runtime-deadline-ms"]);
    process.env._X_AMZN_TRACE_ID = next.headers["lambda-runtime-trace-id"] || "";
    const context = {
      awsRequestId: id,
      invokedFunctionArn: next.headers["lambda-runtime-invoked-function-arn"],
      functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
      functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
      memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
      logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
      logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    };
    try {
      const result = await invoke(fn, JSON.parse(next.body), context);
      await call("POST", `/invocation/${id}/response`, JSON.stringify(result === undefined ? null : result));
    } catch (e) {
      console.error(e);
      await call("POST", `/invocation/${id}/error`, errorJson(e), { "Lambda-Runtime-Function-Error-Type": "Runtime.UnhandledError" });
    }
  }
}

// As on Lambda, an error thrown outside the handler's promise ends the environment; the
// server sees the process exit, fails the invocation and starts a fresh environment next time.
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
