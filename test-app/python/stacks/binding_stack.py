"""test-app/lib/binding-stack.ts: bind: SST's SST_{Type}_{prop}_{id} variables and access for every
supported kind, a WebSocketApi, and custom constructs that opt in through IBindable."""
import aws_cdk as cdk
import jsii
from aws_cdk import aws_iam as iam
from aws_cdk import aws_ssm as ssm
from constructs import Construct

from cdk_from_rust.websocket_api import Function, FunctionBinding, IBindable, WebSocketApi

from .env import ENV
from .resource_kinds import create_resource_kinds


@jsii.implements(IBindable)
class FeatureFlags(Construct):
    """A construct of the app's own that functions can bind: a feature-flag document in SSM. Bound
    functions get its name as SST_FeatureFlags_name_{id} and may only read it."""

    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        self.parameter = ssm.StringParameter(self, "Document", string_value='{"beta":false}')

    def to_function_binding(self) -> FunctionBinding:
        return FunctionBinding(
            type="FeatureFlags",
            variables={"name": self.parameter.parameter_name},
            permissions=[
                iam.PolicyStatement(actions=["ssm:GetParameter"], resources=[self.parameter.parameter_arn]),
            ],
        )


@jsii.implements(IBindable)
class Renamed(Construct):
    """Like FeatureFlags, but names its variables after an id of its own, as SST constructs do."""

    def __init__(self, scope: Construct, id: str, sst_id: str) -> None:
        super().__init__(scope, id)
        self._sst_id = sst_id

    def to_function_binding(self) -> FunctionBinding:
        return FunctionBinding(id=self._sst_id, type="Renamed", variables={"value": "fixed"}, permissions=[])


class BindingStack(cdk.Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id, env=ENV)
        # Ids with "-": SST's variable names use "_" instead.
        ids = {
            "bucket": "my-bucket",
            "table": "orders-table",
            "index": "byCustomer",
            "indexKey": "customer",
            "queue": "jobs",
            "topic": "alerts",
            "worker": "worker-fn",
            "secret": "api-key",
            "parameter": "app-config",
            "bus": "bus",
            "stream": "clicks",
        }
        for kind, construct in create_resource_kinds(self, ids).items():
            setattr(self, kind, construct)
        self.live = WebSocketApi(self, "live-updates", access_log=False)
        self.flags = FeatureFlags(self, "feature-flags")

        # Every kind bound to every route through the API's bind.
        self.api = WebSocketApi(
            self,
            "Bound",
            access_log=False,
            routes={"$default": "handlers/node/default.main"},
        )
        self.api.bind(
            [
                self.bucket,
                self.table,
                self.queue,
                self.topic,
                self.worker,
                self.secret,
                self.parameter,
                self.bus,
                self.stream,
                self.live,
                self.flags,
                Renamed(self, "node-id", "sst-id"),
            ]
        )

        # A standalone Function: bind through props and through bind().
        self.standalone = Function(self, "Standalone", handler="handlers/node/default.main", bind=[self.bucket])
        self.standalone.bind([self.live])
