"""test-app/lib/jwt-stack.ts: JWT and Cognito user pool authorizers of $connect: SST v1's and v3's
JWT shapes, a user pool by id and one as CDK constructs, and a token sent as a subprotocol."""
import aws_cdk as cdk
from aws_cdk import aws_cognito as cognito
from constructs import Construct

from cdk_from_rust.websocket_api import (
    Function,
    WebSocketApi,
    WebSocketApiJwtAuthorizer,
    WebSocketApiJwtConfig,
    WebSocketApiUserPoolAuthorizer,
    WebSocketApiUserPoolAuthorizerCdkProps,
    WebSocketApiUserPoolConfig,
)

from .env import ENV


class JwtStack(cdk.Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id, env=ENV)
        shared = Function(self, "Handler", handler="handlers/node/echo.main")
        routes = {"$connect": shared, "sendMessage": shared}
        self.v1 = WebSocketApi(
            self,
            "V1",
            access_log=False,
            jwt_authorizer=WebSocketApiJwtAuthorizer(
                type="jwt",
                jwt=WebSocketApiJwtConfig(issuer="https://auth.example.com", audience=["chat-web", "chat-ios"]),
                scopes=["chat:read"],
                claims=["email", "groups"],
            ),
            routes=routes,
        )
        self.v3 = WebSocketApi(
            self,
            "V3",
            access_log=False,
            # Nested dicts work too: each struct-typed field makes its dict the struct.
            jwt_authorizer={
                "jwt": {
                    "issuer": "https://auth.example.com/",
                    "audiences": ["chat-web"],
                    "identity_source": ["$request.header.Authorization"],
                },
            },
            routes=routes,
        )
        self.pool = WebSocketApi(
            self,
            "Pool",
            access_log=False,
            user_pool_authorizer=WebSocketApiUserPoolAuthorizer(
                type="user_pool",
                user_pool=WebSocketApiUserPoolConfig(
                    id="eu-west-1_AbC123", client_ids=["4f7example"], region="eu-west-1"
                ),
                token_use="access",
                name="CognitoAuthorizer",
            ),
            routes=routes,
        )
        user_pool = cognito.UserPool(self, "Users", password_policy=cognito.PasswordPolicy(min_length=12))
        client = user_pool.add_client("Web")
        self.cdk_pool = WebSocketApi(
            self,
            "CdkPool",
            access_log=False,
            user_pool_authorizer=WebSocketApiUserPoolAuthorizer(
                type="user_pool",
                cdk=WebSocketApiUserPoolAuthorizerCdkProps(user_pool=user_pool, user_pool_clients=[client]),
                token_use="id",
            ),
            routes=routes,
        )
        self.subprotocol = WebSocketApi(
            self,
            "Subprotocol",
            access_log=False,
            jwt_authorizer=WebSocketApiJwtAuthorizer(
                type="jwt",
                jwt=WebSocketApiJwtConfig(issuer="https://auth.example.com", audience=["chat-web"]),
                identity_source=["route.request.header.Sec-WebSocket-Protocol"],
            ),
            routes={"sendMessage": shared},
        )
