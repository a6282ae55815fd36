"""test-app/lib/imported-stack.ts: cdk.web_socket_api and cdk.web_socket_stage: props, and imported constructs."""
import aws_cdk as cdk
from aws_cdk import aws_apigatewayv2 as apigwv2
from constructs import Construct

from cdk_from_rust.websocket_api import WebSocketApi, WebSocketApiCdkProps, WebSocketApiCdkStageProps

from .env import ENV


class ImportedStack(cdk.Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id, env=ENV)
        self.with_props = WebSocketApi(
            self,
            "WithProps",
            access_log=False,
            cdk=WebSocketApiCdkProps(
                id="Renamed",
                web_socket_api_props=apigwv2.WebSocketApiProps(api_name="custom-name", description="from cdk.webSocketApi"),
                web_socket_stage_props=WebSocketApiCdkStageProps(
                    stage_name="live", auto_deploy=False, description="from cdk.webSocketStage"
                ),
            ),
            routes={"$default": "handlers/node/default.main"},
        )

        existing = apigwv2.WebSocketApi.from_web_socket_api_attributes(self, "Existing", web_socket_id="abc123")
        self.into_imported_api = WebSocketApi(
            self,
            "IntoImportedApi",
            access_log=False,
            cdk=WebSocketApiCdkProps(web_socket_api=existing),
            routes={"$default": "handlers/node/default.main"},
        )

        other = apigwv2.WebSocketApi.from_web_socket_api_attributes(self, "Other", web_socket_id="def456")
        self.into_imported_stage = WebSocketApi(
            self,
            "IntoImportedStage",
            cdk=WebSocketApiCdkProps(
                web_socket_api=other,
                web_socket_stage=apigwv2.WebSocketStage.from_web_socket_stage_attributes(
                    self, "OtherStage", api=other, stage_name="prod"
                ),
            ),
            routes={"$default": "handlers/node/default.main"},
        )
