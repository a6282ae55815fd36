"""One measured synthesis of the Python benchmark, in a process of its own (test-app/bench/bench.ts
runs it): `synth_once.py construct|nodejs|floor ROUTES OUTDIR` prints one JSON line with the synth
time after imports (`ms`), the part of it spent waiting on the jsii kernel (`kernelMs`: requests to
the node process, which runs all of aws-cdk-lib and the construct), the import time (`importMs`,
which starts the kernel and loads aws-cdk-lib into it) and the peak resident memory of the Python
process and of the kernel (`rssMiB`, `kernelRssMiB`).

The apps are the Python twins of test-app/lib/scale-stack.ts and test-app/bench/nodejs-stack.ts,
with the same handler files (test-app/.tmp/scale-handlers).
"""
import json
import os
import resource
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TEST_APP = os.path.dirname(os.path.dirname(HERE))

kind, route_count, outdir = sys.argv[1], int(sys.argv[2]), sys.argv[3]

import_started = time.perf_counter()
import aws_cdk as cdk  # noqa: E402
from aws_cdk import aws_apigatewayv2 as apigwv2  # noqa: E402
from aws_cdk import aws_apigatewayv2_integrations as integrations  # noqa: E402
from aws_cdk import aws_iam as iam  # noqa: E402
from aws_cdk import aws_lambda as lambda_  # noqa: E402
from aws_cdk import aws_lambda_nodejs as nodejs  # noqa: E402
from aws_cdk import aws_logs as logs  # noqa: E402
from cdk_from_rust.websocket_api import FunctionProps, WebSocketApi, WebSocketApiDefaultsProps  # noqa: E402
from jsii._kernel import Kernel  # noqa: E402
from jsii._kernel.providers import process as kernel_process  # noqa: E402

import_ms = (time.perf_counter() - import_started) * 1000
ENV = cdk.Environment(account="123456789012", region="us-east-1")

in_kernel = 0.0
send = kernel_process._NodeProcess.send


def timed_send(self, request, response_type):
    """Every request to the kernel goes through here: its wall time is the kernel's share."""
    global in_kernel
    started = time.perf_counter()
    try:
        return send(self, request, response_type)
    finally:
        in_kernel += time.perf_counter() - started


kernel_process._NodeProcess.send = timed_send


def write_scale_handlers(count: int) -> str:
    """test-app/lib/scale-stack.ts's writeScaleHandlers: the same files, written only when they differ."""
    folder = os.path.join(TEST_APP, ".tmp", "scale-handlers")
    os.makedirs(folder, exist_ok=True)
    for i in range(count):
        path = os.path.join(folder, f"route{i}.ts")
        source = f'export const main = async () => ({{ statusCode: 200, body: "route {i}" }});\n'
        if not os.path.exists(path) or open(path).read() != source:
            with open(path, "w") as f:
                f.write(source)
    return folder


def scale_stack(app: cdk.App, routes: int) -> None:
    stack = cdk.Stack(app, "Scale", env=ENV)
    src_path = write_scale_handlers(routes)
    # The folder as a default and handler strings in the map: from Python, route props go through
    # add_route one at a time, and the map bundles its routes in one esbuild build.
    WebSocketApi(
        stack,
        "Scale",
        defaults=WebSocketApiDefaultsProps(function=FunctionProps(src_path=src_path)),
        routes={f"route{i}": f"route{i}.main" for i in range(routes)},
    )


def nodejs_stack(app: cdk.App, routes: int) -> None:
    stack = cdk.Stack(app, "Scale", env=ENV)
    src_path = write_scale_handlers(routes)
    api = apigwv2.WebSocketApi(stack, "Api", api_name=f"{stack.stack_name}-Scale")
    stage = apigwv2.WebSocketStage(stack, "Stage", web_socket_api=api, stage_name="default", auto_deploy=True)
    log_group = logs.LogGroup(stack, "LogGroup")
    stage.node.default_child.access_log_settings = apigwv2.CfnStage.AccessLogSettingsProperty(
        destination_arn=log_group.log_group_arn, format="$context.requestId"
    )
    manage = iam.PolicyStatement(
        actions=["execute-api:ManageConnections"],
        resources=[stack.format_arn(service="execute-api", resource=api.api_id, resource_name="default/*/@connections/*")],
    )
    nested = {}
    for i in range(routes):
        scope = stack
        if i >= 40:
            nested_id = f"Routes{(i - 40) // 60 + 1}"
            if nested_id not in nested:
                nested[nested_id] = cdk.NestedStack(stack, nested_id)
            scope = nested[nested_id]
        fn = nodejs.NodejsFunction(
            scope,
            f"route{i}",
            entry=os.path.join(src_path, f"route{i}.ts"),
            handler="main",
            runtime=lambda_.Runtime.NODEJS_22_X,
            timeout=cdk.Duration.seconds(10),
            memory_size=1024,
            tracing=lambda_.Tracing.ACTIVE,
            bundling=nodejs.BundlingOptions(minify=True),
        )
        fn.add_to_role_policy(manage)
        apigwv2.WebSocketRoute(
            scope,
            f"Route_route{i}",
            web_socket_api=api,
            route_key=f"route{i}",
            integration=integrations.WebSocketLambdaIntegration(f"Integration_route{i}", fn),
        )


def floor_stack(app: cdk.App) -> None:
    stack = cdk.Stack(app, "Scale", env=ENV)
    api = apigwv2.WebSocketApi(stack, "Api", api_name=f"{stack.stack_name}-Scale")
    apigwv2.WebSocketStage(stack, "Stage", web_socket_api=api, stage_name="default", auto_deploy=True)


started = time.perf_counter()
app = cdk.App(outdir=outdir)
if kind == "construct":
    scale_stack(app, route_count)
elif kind == "nodejs":
    nodejs_stack(app, route_count)
elif kind == "floor":
    floor_stack(app)
else:
    raise SystemExit(f'Unknown kind "{kind}": use construct, nodejs or floor.')
app.synth()
ms = (time.perf_counter() - started) * 1000



def peak_rss_kib(pid: int) -> int:
    """The largest peak resident memory in the process tree of `pid`: the jsii runtime starts
    the kernel as a child node process."""
    with open(f"/proc/{pid}/status") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as children:
            for child in children.read().split():
                peak = max(peak, peak_rss_kib(int(child)))
    return peak


kernel_rss_kib = peak_rss_kib(Kernel().provider._process._process.pid)
print(
    json.dumps(
        {
            "ms": ms,
            "kernelMs": in_kernel * 1000,
            "importMs": import_ms,
            "rssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "kernelRssMiB": kernel_rss_kib / 1024,
        }
    )
)
