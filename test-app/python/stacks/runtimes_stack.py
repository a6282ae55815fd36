"""test-app/lib/runtimes-stack.ts: one function per runtime family and packaging mode."""
import aws_cdk as cdk
from constructs import Construct

from cdk_from_rust.websocket_api import FunctionProps, WebSocketApi

from .env import ENV


class RuntimesStack(cdk.Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id, env=ENV)
        self.api = WebSocketApi(self, "Runtimes", access_log=False)
        routes = {
            "node": FunctionProps(
                handler="handlers/node/connect.main", architecture="arm_64", tracing="disabled", runtime="nodejs24.x"
            ),
            "plain": FunctionProps(handler="plain/index.main", src_path="handlers/node", bundle=False),
            "python": FunctionProps(handler="chat.main", src_path="handlers/python", runtime="python3.12"),
            "rust": FunctionProps(handler="target/lambda/chat", src_path="handlers/rust", runtime="provided.al2023"),
        }
        for key, function in routes.items():
            self.api.add_route(self.api, key, function_props=function)
