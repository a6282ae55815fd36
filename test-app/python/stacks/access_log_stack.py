"""test-app/lib/access-log-stack.ts: access logs and the account's CloudWatch role: the default format
into a created log group, a format string, props (format and retention), an external destination,
access logs off, and an API that opts out of the account role."""
import aws_cdk as cdk
from constructs import Construct

from cdk_from_rust.websocket_api import WebSocketApi, WebSocketApiAccessLogProps

from .env import ENV

# A log group of another stack, as a destination.
EXTERNAL_DESTINATION = "arn:aws:logs:us-east-1:123456789012:log-group:shared-access-logs"


class AccessLogStack(cdk.Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id, env=ENV)
        self.by_default = WebSocketApi(self, "ByDefault")
        self.format_string = WebSocketApi(
            self, "FormatString", access_log="$context.requestId $context.routeKey $context.status"
        )
        self.with_props = WebSocketApi(
            self,
            "WithProps",
            access_log_settings=WebSocketApiAccessLogProps(
                format='{"id":"$context.requestId","route":"$context.routeKey"}', retention="one_week"
            ),
        )
        self.to_destination = WebSocketApi(
            self,
            "ToDestination",
            # A dict works in the struct-only companion: jsii makes it the struct, snake_case keys and all.
            access_log_settings={"destination_arn": EXTERNAL_DESTINATION, "retention": "one_month"},
        )
        self.off = WebSocketApi(self, "Off", access_log=False)
        self.without_role = WebSocketApi(self, "WithoutRole", access_log=True, cloud_watch_role=False)
