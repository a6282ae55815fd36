"""test-app/lib/permissions-stack.ts: attach_permissions and permissions: the whole vocabulary (one
route per kind of value), defaults.function merging, API-wide vs one-route permissions, and a
standalone Function."""
import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from constructs import Construct

from cdk_from_rust.websocket_api import (
    Function,
    FunctionProps,
    Permission,
    WebSocketApi,
    WebSocketApiDefaultsProps,
)

from .env import ENV
from .resource_kinds import create_resource_kinds

HANDLER = "handlers/node/default.main"


def add_routes(api: WebSocketApi, routes: dict) -> None:
    """Routes given as FunctionProps ({ function: { ... } } in TypeScript) through add_route, the API
    as scope as the routes map's is: jsii would drop a dict's keys in the routes map."""
    for key, props in routes.items():
        api.add_route(api, key, function_props=props)


class Resources(Construct):
    """One of each construct kind permissions understand."""

    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        ids = {
            "bucket": "Uploads",
            "table": "Orders",
            "index": "byStatus",
            "indexKey": "status",
            "queue": "Jobs",
            "topic": "Events",
            "worker": "Worker",
            "secret": "ApiKey",
            "parameter": "Config",
            "bus": "Bus",
            "stream": "Clicks",
        }
        for kind, construct in create_resource_kinds(self, ids).items():
            setattr(self, kind, construct)
        self.notifications = WebSocketApi(self, "Notifications", access_log=False)


class PermissionsStack(cdk.Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id, env=ENV)
        r = self.resources = Resources(self, "Resources")

        self.vocabulary = WebSocketApi(self, "Vocabulary", access_log=False)
        add_routes(
            self.vocabulary,
            {
                "star": FunctionProps(handler=HANDLER, permissions="*"),
                "service": FunctionProps(handler=HANDLER, permissions=["s3"]),
                "action": FunctionProps(handler=HANDLER, permissions=["s3:GetObject"]),
                "constructs": FunctionProps(
                    handler=HANDLER,
                    permissions=[
                        r.bucket,
                        r.table,
                        r.queue,
                        r.topic,
                        r.worker,
                        r.secret,
                        r.parameter,
                        r.bus,
                        r.stream,
                        r.notifications,
                    ],
                ),
                "grant": FunctionProps(handler=HANDLER, permissions=[Permission.grant(r.bucket, "grantRead")]),
                "statement": FunctionProps(
                    handler=HANDLER,
                    permissions=[
                        iam.PolicyStatement(
                            effect=iam.Effect.DENY,
                            actions=["s3:DeleteObject"],
                            resources=[r.bucket.arn_for_objects("keep/*")],
                        )
                    ],
                ),
            },
        )

        self.merged = WebSocketApi(
            self,
            "Merged",
            access_log=False,
            defaults=WebSocketApiDefaultsProps(function=FunctionProps(permissions=["sqs:SendMessage"], bind=[r.queue])),
            routes={"inherits": HANDLER},
        )
        add_routes(
            self.merged,
            {
                "adds": FunctionProps(handler=HANDLER, permissions=["sns:Publish"], bind=[r.topic]),
                "star": FunctionProps(handler=HANDLER, permissions="*"),
            },
        )

        self.defaults_star = WebSocketApi(
            self,
            "DefaultsStar",
            access_log=False,
            defaults=WebSocketApiDefaultsProps(function=FunctionProps(permissions="*")),
        )
        add_routes(self.defaults_star, {"route": FunctionProps(handler=HANDLER, permissions=["s3"], bind=[r.bucket])})

        self.scoped = WebSocketApi(
            self,
            "Scoped",
            access_log=False,
            routes={"first": HANDLER, "second": HANDLER},
        )
        self.scoped.attach_permissions([r.bus])
        self.scoped.bind([r.table])
        self.scoped.add_routes(self, {"third": HANDLER})
        self.scoped.attach_permissions_to_route("first", [r.topic])
        self.scoped.bind_to_route(" second ", [r.queue])

        self.standalone = Function(
            self,
            "Standalone",
            handler=HANDLER,
            permissions=[r.topic],
            bind=[r.bus],
        )
        self.standalone.attach_permissions([r.secret, Permission.grant(r.queue, "grantSendMessages")])
        self.standalone.bind([r.parameter])
