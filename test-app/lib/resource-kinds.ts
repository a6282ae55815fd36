// One construct of each kind that permissions and bind understand, shared by the permissions
// and binding stacks (which differ only in ids: the binding stack's have "-" in them).
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as events from "aws-cdk-lib/aws-events";
import * as kinesis from "aws-cdk-lib/aws-kinesis";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import * as sns from "aws-cdk-lib/aws-sns";
import * as sqs from "aws-cdk-lib/aws-sqs";
import * as ssm from "aws-cdk-lib/aws-ssm";
import { Construct } from "constructs";

export interface ResourceKinds {
  readonly bucket: s3.Bucket;
  /** A table with a global secondary index: its grants must cover the index. */
  readonly table: dynamodb.Table;
  readonly queue: sqs.Queue;
  readonly topic: sns.Topic;
  readonly worker: lambda.Function;
  readonly secret: secretsmanager.Secret;
  readonly parameter: ssm.StringParameter;
  readonly bus: events.EventBus;
  readonly stream: kinesis.Stream;
}

/** The construct id of each kind, and the table index's name and partition key. */
export type ResourceIds = { readonly [kind in keyof ResourceKinds]: string } & {
  readonly index: string;
  readonly indexKey: string;
};

export function createResourceKinds(scope: Construct, ids: ResourceIds): ResourceKinds {
  const bucket = new s3.Bucket(scope, ids.bucket);
  const table = new dynamodb.Table(scope, ids.table, {
    partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
  });
  table.addGlobalSecondaryIndex({
    indexName: ids.index,
    partitionKey: { name: ids.indexKey, type: dynamodb.AttributeType.STRING },
  });
  return {
    bucket,
    table,
    queue: new sqs.Queue(scope, ids.queue),
    topic: new sns.Topic(scope, ids.topic),
    worker: new lambda.Function(scope, ids.worker, {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: "index.handler",
      code: lambda.Code.fromInline("exports.handler = async () => {};"),
    }),
    secret: new secretsmanager.Secret(scope, ids.secret),
    parameter: new ssm.StringParameter(scope, ids.parameter, { stringValue: "{}" }),
    bus: new events.EventBus(scope, ids.bus),
    stream: new kinesis.Stream(scope, ids.stream),
  };
}
