"""test-app/lib/binding-stack.ts: bind: SST's SST_{Type}_{prop}_{id} variables and access for every
supported kind, a WebSocketApi, and custom constructs that opt in through IBindable."""
import aws_cdk as cdk
import jsii
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kinesis as kinesis
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from aws_cdk import aws_ssm as ssm
from constructs import Construct

from cdk_from_rust.websocket_api import Function, FunctionBinding, IBindable, WebSocketApi

from .env import ENV


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
        self.bucket = s3.Bucket(self, "my-bucket")
        self.table = dynamodb.Table(
            self,
            "orders-table",
            partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
        )
        self.table.add_global_secondary_index(
            index_name="byCustomer",
            partition_key=dynamodb.Attribute(name="customer", type=dynamodb.AttributeType.STRING),
        )
        self.queue = sqs.Queue(self, "jobs")
        self.topic = sns.Topic(self, "alerts")
        self.worker = lambda_.Function(
            self,
            "worker-fn",
            runtime=lambda_.Runtime.NODEJS_22_X,
            handler="index.handler",
            code=lambda_.Code.from_inline("exports.handler = async () => {};"),
        )
        self.secret = secretsmanager.Secret(self, "api-key")
        self.parameter = ssm.StringParameter(self, "app-config", string_value="{}")
        self.bus = events.EventBus(self, "bus")
        self.stream = kinesis.Stream(self, "clicks")
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
