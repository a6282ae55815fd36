"""test-app/lib/authorizer-stack.ts: authorizers of the $connect route: none, IAM, a Lambda authorizer
with CDK's defaults, one with a name and identity source, and an existing CDK authorizer."""
import aws_cdk as cdk
from aws_cdk import aws_apigatewayv2_authorizers as apigwv2_authorizers
from constructs import Construct

from cdk_from_rust.websocket_api import (
    Function,
    WebSocketApi,
    WebSocketApiLambdaAuthorizer,
    WebSocketApiLambdaAuthorizerCdkProps,
)

from .env import ENV


class AuthorizerStack(cdk.Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id, env=ENV)
        # One handler for every route: the tests are about authorization, not functions.
        shared = Function(self, "Handler", handler="handlers/node/echo.main")
        routes = {"$connect": shared, "$disconnect": shared, "sendMessage": shared}
        self.authorizer_function = Function(self, "AuthorizerFn", handler="handlers/node/default.main")

        self.none = WebSocketApi(self, "None", access_log=False, authorizer="none", routes=routes)
        self.iam = WebSocketApi(self, "Iam", access_log=False, authorizer="iam", routes=routes)
        self.lambda_ = WebSocketApi(
            self,
            "Lambda",
            access_log=False,
            lambda_authorizer=WebSocketApiLambdaAuthorizer(type="lambda", function=self.authorizer_function),
            routes=routes,
        )
        self.named = WebSocketApi(
            self,
            "Named",
            access_log=False,
            lambda_authorizer=WebSocketApiLambdaAuthorizer(
                type="lambda",
                function=self.authorizer_function,
                name="TokenAuthorizer",
                identity_source=["route.request.querystring.token", "route.request.header.X-Client"],
            ),
            routes=routes,
        )
        self.existing_authorizer = apigwv2_authorizers.WebSocketLambdaAuthorizer(
            "Existing", self.authorizer_function, identity_source=["route.request.header.X-Existing"]
        )
        self.existing = WebSocketApi(
            self,
            "ExistingAuth",
            access_log=False,
            # name, identity_source and function are ignored next to cdk.authorizer, as in SST.
            lambda_authorizer=WebSocketApiLambdaAuthorizer(
                type="lambda",
                name="Ignored",
                cdk=WebSocketApiLambdaAuthorizerCdkProps(authorizer=self.existing_authorizer),
            ),
            routes=routes,
        )
