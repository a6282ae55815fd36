// The hand-written twin of examples/python/app.yaml, whose app is generated in Python: the app a
// CDK user would write for that model, in TypeScript. test/examples.test.ts requires the
// generated app (TypeScript and, where a Python venv exists, Python) to synthesize the same
// templates.
import * as cdk from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as sns from "aws-cdk-lib/aws-sns";
import { Permission, WebSocketApi } from "@cdk-from-rust/websocket-api";

export function python(app: cdk.App): void {
  const stack = new cdk.Stack(app, "Rooms");
  const messages = new dynamodb.Table(stack, "messages", {
    partitionKey: { name: "room", type: dynamodb.AttributeType.STRING },
    sortKey: { name: "sentAt", type: dynamodb.AttributeType.NUMBER },
  });
  const attachments = new s3.Bucket(stack, "attachments");
  const notifications = new sns.Topic(stack, "notifications");
  const rooms = new WebSocketApi(stack, "Rooms", {
    routeSelectionExpression: "$request.body.type",
    authorizer: "iam",
    accessLog: false,
    defaults: {
      function: {
        runtime: "python3.12",
        srcPath: "../examples/python/src",
        architecture: "arm_64",
        tracing: "pass_through",
        environment: { LOG_LEVEL: "info" },
        bind: [messages],
      },
    },
    routes: {
      $connect: "rooms.connect",
      $default: "rooms.default",
      post: {
        function: {
          handler: "rooms.post",
          memorySize: 512,
          permissions: [Permission.grant(attachments, "grantPut"), notifications],
        },
        returnResponse: true,
      },
    },
    cdk: { webSocketStage: { stageName: "prod" } },
  });
  new cdk.CfnOutput(stack, "RoomsUrl", { value: rooms.url });
}
