#!/usr/bin/env python3
"""The test app in Python: the same stacks as test-app/lib/app.ts, built with the jsii wheel of
@cdk-from-rust/websocket-api (cdk-from-rust.websocket-api).

The CDK CLI runs it from test-app/python (cdk.json there) and gives the output folder as a path
relative to that folder; the handler strings and srcPaths of the stacks, like the TypeScript app's,
are relative to test-app/. So the outputs the CLI names are made absolute, then the process moves to
test-app/ before aws_cdk is imported: the jsii kernel (a node process that resolves the handler
paths against its working directory) starts there.
"""
import os
import sys
from dataclasses import dataclass

HERE = os.path.dirname(os.path.abspath(__file__))
TEST_APP = os.path.dirname(HERE)


def run_from_test_app() -> None:
    """Makes the CLI's output paths absolute and moves to test-app/, where handler paths resolve."""
    for var in ("CDK_OUTDIR", "CDK_ERROR_FILE", "CDK_PERF_COUNTERS_FILE"):
        if os.environ.get(var):
            os.environ[var] = os.path.abspath(os.environ[var])
    os.chdir(TEST_APP)


if __name__ == "__main__":
    run_from_test_app()
sys.path.insert(0, HERE)

import aws_cdk as cdk  # noqa: E402  (after the move to test-app/: the jsii kernel starts here)

from stacks.access_log_stack import AccessLogStack  # noqa: E402
from stacks.authorizer_stack import AuthorizerStack  # noqa: E402
from stacks.binding_stack import BindingStack  # noqa: E402
from stacks.cross_stack import CrossApiStack, CrossRoutesStack  # noqa: E402
from stacks.domain_stack import DomainStack  # noqa: E402
from stacks.imported_stack import ImportedStack  # noqa: E402
from stacks.jwt_stack import JwtStack  # noqa: E402
from stacks.permissions_stack import PermissionsStack  # noqa: E402
from stacks.routes_stack import RoutesStack  # noqa: E402
from stacks.runtimes_stack import RuntimesStack  # noqa: E402


@dataclass
class TestApp:
    routes: RoutesStack
    runtimes: RuntimesStack
    cross_api: CrossApiStack
    cross_routes: CrossRoutesStack
    imported: ImportedStack
    permissions: PermissionsStack
    binding: BindingStack
    access_log: AccessLogStack
    domain: DomainStack
    authorizer: AuthorizerStack
    jwt: JwtStack


def build_app(app: cdk.App) -> TestApp:
    """test-app/lib/app.ts's buildApp: every stack, in the same order, with the same ids."""
    cross_api = CrossApiStack(app, "CrossApi")
    return TestApp(
        routes=RoutesStack(app, "Routes"),
        runtimes=RuntimesStack(app, "Runtimes"),
        cross_api=cross_api,
        cross_routes=CrossRoutesStack(app, "CrossRoutes", cross_api.api),
        imported=ImportedStack(app, "Imported"),
        permissions=PermissionsStack(app, "Permissions"),
        binding=BindingStack(app, "Binding"),
        access_log=AccessLogStack(app, "AccessLog"),
        domain=DomainStack(app, "Domain"),
        authorizer=AuthorizerStack(app, "Authorizer"),
        jwt=JwtStack(app, "Jwt"),
    )


if __name__ == "__main__":
    app = cdk.App()
    build_app(app)
    app.synth()
