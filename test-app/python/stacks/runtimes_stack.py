"""test-app/lib/runtimes-stack.ts: one function per runtime family and packaging mode."""
import aws_cdk as cdk
from constructs import Construct

from cdk_from_rust.websocket_api import FunctionProps, WebSocketApi, WebSocketApiFunctionRouteProps

from .env import ENV


class RuntimesStack(cdk.Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id, env=ENV)
        self.api = WebSocketApi(
            self,
            "Runtimes",
            access_log=False,
            routes={
                "node": WebSocketApiFunctionRouteProps(
                    function=FunctionProps(
                        handler="handlers/node/connect.main",
                        architecture="arm_64",
                        tracing="disabled",
                        runtime="nodejs24.x",
                    )
                ),
                "plain": WebSocketApiFunctionRouteProps(
                    function=FunctionProps(handler="plain/index.main", src_path="handlers/node", bundle=False)
                ),
                "python": WebSocketApiFunctionRouteProps(
                    function=FunctionProps(handler="chat.main", src_path="handlers/python", runtime="python3.12")
                ),
                "rust": WebSocketApiFunctionRouteProps(
                    function=FunctionProps(
                        handler="target/lambda/chat", src_path="handlers/rust", runtime="provided.al2023"
                    )
                ),
            },
        )
