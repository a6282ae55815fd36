// bind: SST's SST_{Type}_{prop}_{id} variables and access for every supported kind, a
// WebSocketApi, and a custom construct that opts in through IBindable.
import * as cdk from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as events from "aws-cdk-lib/aws-events";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kinesis from "aws-cdk-lib/aws-kinesis";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import * as sns from "aws-cdk-lib/aws-sns";
import * as sqs from "aws-cdk-lib/aws-sqs";
import * as ssm from "aws-cdk-lib/aws-ssm";
import { Construct } from "constructs";
import { Function, FunctionBinding, IBindable, WebSocketApi } from "@cdk-from-rust/websocket-api";
import { ENV } from "./env";

/**
 * A construct of the app's own that functions can bind: a feature-flag document in SSM. Bound
 * functions get its name as SST_FeatureFlags_name_{id} and may only read it.
 */
export class FeatureFlags extends Construct implements IBindable {
  public readonly parameter: ssm.StringParameter;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.parameter = new ssm.StringParameter(this, "Document", { stringValue: '{"beta":false}' });
  }

  public toFunctionBinding(): FunctionBinding {
    return {
      type: "FeatureFlags",
      variables: { name: this.parameter.parameterName },
      permissions: [
        new iam.PolicyStatement({
          actions: ["ssm:GetParameter"],
          resources: [this.parameter.parameterArn],
        }),
      ],
    };
  }
}

/** Like FeatureFlags, but names its variables after an id of its own, as SST constructs do. */
export class Renamed extends Construct implements IBindable {
  constructor(scope: Construct, id: string, private readonly sstId: string) {
    super(scope, id);
  }

  public toFunctionBinding(): FunctionBinding {
    return { id: this.sstId, type: "Renamed", variables: { value: "fixed" }, permissions: [] };
  }
}

export class BindingStack extends cdk.Stack {
  public readonly bucket: s3.Bucket;
  public readonly table: dynamodb.Table;
  public readonly queue: sqs.Queue;
  public readonly topic: sns.Topic;
  public readonly worker: lambda.Function;
  public readonly secret: secretsmanager.Secret;
  public readonly parameter: ssm.StringParameter;
  public readonly bus: events.EventBus;
  public readonly stream: kinesis.Stream;
  public readonly live: WebSocketApi;
  public readonly flags: FeatureFlags;
  /** Every kind bound to every route through the API's bind. */
  public readonly api: WebSocketApi;
  /** A standalone Function: bind through props and through bind(). */
  public readonly standalone: Function;

  constructor(scope: Construct, id: string) {
    super(scope, id, { env: ENV });
    // Ids with "-": SST's variable names use "_" instead.
    this.bucket = new s3.Bucket(this, "my-bucket");
    this.table = new dynamodb.Table(this, "orders-table", {
      partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: "byCustomer",
      partitionKey: { name: "customer", type: dynamodb.AttributeType.STRING },
    });
    this.queue = new sqs.Queue(this, "jobs");
    this.topic = new sns.Topic(this, "alerts");
    this.worker = new lambda.Function(this, "worker-fn", {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: "index.handler",
      code: lambda.Code.fromInline("exports.handler = async () => {};"),
    });
    this.secret = new secretsmanager.Secret(this, "api-key");
    this.parameter = new ssm.StringParameter(this, "app-config", { stringValue: "{}" });
    this.bus = new events.EventBus(this, "bus");
    this.stream = new kinesis.Stream(this, "clicks");
    this.live = new WebSocketApi(this, "live-updates", { accessLog: false });
    this.flags = new FeatureFlags(this, "feature-flags");

    this.api = new WebSocketApi(this, "Bound", {
      accessLog: false,
      routes: { $default: "handlers/node/default.main" },
    });
    this.api.bind([
      this.bucket,
      this.table,
      this.queue,
      this.topic,
      this.worker,
      this.secret,
      this.parameter,
      this.bus,
      this.stream,
      this.live,
      this.flags,
      new Renamed(this, "node-id", "sst-id"),
    ]);

    this.standalone = new Function(this, "Standalone", {
      handler: "handlers/node/default.main",
      bind: [this.bucket],
    });
    this.standalone.bind([this.live]);
  }
}
