"""test-app/lib/resource-kinds.ts: one construct of each kind that permissions and bind
understand, shared by the permissions and binding stacks (which differ only in ids)."""
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_kinesis as kinesis
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from aws_cdk import aws_ssm as ssm
from constructs import Construct


def create_resource_kinds(scope: Construct, ids: dict) -> dict:
    """The constructs by kind (bucket, table, ...), with the ids `ids` gives each kind, and the
    table index's name (`index`) and partition key (`indexKey`)."""
    bucket = s3.Bucket(scope, ids["bucket"])
    table = dynamodb.Table(
        scope,
        ids["table"],
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
        billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
    )
    table.add_global_secondary_index(
        index_name=ids["index"],
        partition_key=dynamodb.Attribute(name=ids["indexKey"], type=dynamodb.AttributeType.STRING),
    )
    return {
        "bucket": bucket,
        "table": table,
        "queue": sqs.Queue(scope, ids["queue"]),
        "topic": sns.Topic(scope, ids["topic"]),
        "worker": lambda_.Function(
            scope,
            ids["worker"],
            runtime=lambda_.Runtime.NODEJS_22_X,
            handler="index.handler",
            code=lambda_.Code.from_inline("exports.handler = async () => {};"),
        ),
        "secret": secretsmanager.Secret(scope, ids["secret"]),
        "parameter": ssm.StringParameter(scope, ids["parameter"], string_value="{}"),
        "bus": events.EventBus(scope, ids["bus"]),
        "stream": kinesis.Stream(scope, ids["stream"]),
    }
