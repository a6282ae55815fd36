# The stack of the test's `cdk init` Python project: one WebSocketApi whose $default route
# answers what it gets (a two-way route: the handler's body goes back to the client).
from aws_cdk import Stack
from constructs import Construct
from cdk_from_rust.websocket_api import FunctionProps, WebSocketApi


class PyAppStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        # Python handlers are "module.function" in src_path.
        api = WebSocketApi(self, "Echo")
        api.add_route(
            api,
            "$default",
            function_props=FunctionProps(handler="echo.main", src_path="src", runtime="python3.12"),
            return_response=True,
        )
