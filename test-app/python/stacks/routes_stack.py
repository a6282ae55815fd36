"""test-app/lib/routes-stack.ts: routes and functions: handler strings, props, Function instances,
defaults.function, return_response and a custom route selection expression."""
import aws_cdk as cdk
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from cdk_from_rust.websocket_api import (
    Function,
    FunctionProps,
    WebSocketApi,
    WebSocketApiDefaultsProps,
)

from .env import ENV


class RoutesStack(cdk.Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id, env=ENV)
        defaults_layer = lambda_.LayerVersion.from_layer_version_arn(
            self, "DefaultsLayer", "arn:aws:lambda:us-east-1:123456789012:layer:defaults:1"
        )
        route_layer = lambda_.LayerVersion.from_layer_version_arn(
            self, "RouteLayer", "arn:aws:lambda:us-east-1:123456789012:layer:route:1"
        )
        self.chat = WebSocketApi(
            self,
            "Chat",
            route_selection_expression="$request.body.type",
            defaults=WebSocketApiDefaultsProps(
                function=FunctionProps(
                    timeout=20,
                    memory_size=512,
                    environment={"STAGE": "test", "SHARED": "from-defaults"},
                    layers=[defaults_layer],
                )
            ),
            routes={" $connect ": "handlers/node/connect.main", "$default": "handlers/node/default.main"},
        )
        # Route props go through add_route (jsii would drop a dict's keys in the routes map), the
        # API as scope as the routes map's is.
        self.chat.add_route(
            self.chat,
            "$disconnect",
            function_props=FunctionProps(
                handler="handlers/node/disconnect.main",
                timeout=5,
                environment={"SHARED": "from-route"},
                layers=[route_layer],
            ),
        )
        self.chat.add_route(self.chat, "sendMessage", function="handlers/node/sendMessage.main", return_response=True)

        # One function on two routes, given as an instance: no defaults allowed.
        self.shared = Function(self, "Shared", handler="handlers/node/echo.main")
        self.instances = WebSocketApi(
            self,
            "Instances",
            access_log=False,
            routes={"ping": self.shared, "pong": self.shared},
        )
