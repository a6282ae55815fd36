"""The runtime client of `cdk-from-rust dev` for Python handlers: what Lambda's own Python
runtime does inside an environment. It imports `_HANDLER` from LAMBDA_TASK_ROOT once (module
state stays warm between invocations, as on Lambda), then loops on the Lambda Runtime API that
the dev server serves for this environment only. Written by cdk-from-rust into its cache folder
and run by the cache's virtualenv, which holds boto3 as Lambda's Python runtimes do."""
import decimal
import importlib
import json
import os
import sys
import time
import traceback
import urllib.error
import urllib.request

API = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime"


def call(method, path, body=None, headers=None):
    request = urllib.request.Request(API + path, data=body, method=method, headers=headers or {})
    # No timeout: `next` is a long poll.
    with urllib.request.urlopen(request, timeout=None) as response:
        return response.headers, response.read()


def error_body(error):
    return json.dumps({
        "errorMessage": str(error),
        "errorType": type(error).__name__,
        "stackTrace": traceback.format_tb(error.__traceback__),
    }).encode()


def plain(value):
    """What Lambda's encoder does with the Decimals boto3 returns."""
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


class Context:
    def __init__(self, request_id, arn, deadline_ms):
        self.aws_request_id = request_id
        self.invoked_function_arn = arn
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline_ms - time.time() * 1000))


def load():
    """`_HANDLER` is `module.function`, the module maybe in folders (`dir/module.function`)."""
    module_name, _, function_name = os.environ["_HANDLER"].rpartition(".")
    sys.path.insert(0, os.environ["LAMBDA_TASK_ROOT"])
    module = importlib.import_module(module_name.replace("/", "."))
    handler = getattr(module, function_name, None)
    if not callable(handler):
        raise AttributeError(f"Handler '{function_name}' missing on module '{module_name}'")
    return handler


def main():
    try:
        handler = load()
    except Exception as error:  # noqa: BLE001 - every import failure is reported to the server
        traceback.print_exc()
        call("POST", "/init/error", error_body(error), {"Lambda-Runtime-Function-Error-Type": "Runtime.ImportModuleError"})
        sys.exit(1)
    while True:
        headers, body = call("GET", "/invocation/next")
        request_id = headers["Lambda-Runtime-Aws-Request-Id"]
        context = Context(request_id, headers.get("Lambda-Runtime-Invoked-Function-Arn"), int(headers["Lambda-Runtime-Deadline-Ms"]))
        try:
            result = json.dumps(handler(json.loads(body), context), default=plain).encode()
        except Exception as error:  # noqa: BLE001 - a handler error is the invocation's outcome
            traceback.print_exc()
            call("POST", f"/invocation/{request_id}/error", error_body(error), {"Lambda-Runtime-Function-Error-Type": "Runtime.UnhandledError"})
            continue
        try:
            call("POST", f"/invocation/{request_id}/response", result)
        except urllib.error.HTTPError:
            # Refused (over Lambda's 6 MB): the server has failed the invocation; on to the next.
            pass


if __name__ == "__main__":
    try:
        main()
    except urllib.error.URLError:
        # The server is gone: so is this environment.
        sys.exit(1)
