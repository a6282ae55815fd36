"""test-app/lib/cross-stack.ts: an API in one stack, routes added from another: what was attached
and bound on the API reaches the later routes through cross-stack references."""
import aws_cdk as cdk
from aws_cdk import aws_s3 as s3
from constructs import Construct

from cdk_from_rust.websocket_api import WebSocketApi

from .env import ENV


class CrossApiStack(cdk.Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id, env=ENV)
        self.uploads = s3.Bucket(self, "uploads")
        self.api = WebSocketApi(
            self,
            "Api",
            access_log=False,
            routes={"$connect": "handlers/node/connect.main"},
        )
        self.api.attach_permissions(["sqs:SendMessage"])
        self.api.bind([self.uploads])


class CrossRoutesStack(cdk.Stack):
    def __init__(self, scope: Construct, id: str, api: WebSocketApi) -> None:
        super().__init__(scope, id, env=ENV)
        api.add_routes(self, {"later": "handlers/node/default.main"})
