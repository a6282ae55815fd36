// The hand-written twin of examples/authorizer/app.json: the app a CDK user would write for
// that model. test/examples.test.ts requires the generated app to synthesize the same templates.
import * as cdk from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Function, Permission, WebSocketApi } from "@cdk-from-rust/websocket-api";

/** Handler paths of the example, from test-app/ (where the twins are synthesized). */
const SRC = "../examples/authorizer";

export function authorizer(app: cdk.App): void {
  const secure = new cdk.Stack(app, "Secure");
  const sessions = new dynamodb.Table(secure, "sessions", {
    partitionKey: { name: "token", type: dynamodb.AttributeType.STRING },
  });
  const events = new sqs.Queue(secure, "events");
  const tokens = new WebSocketApi(secure, "Tokens", {
    authorizer: {
      type: "lambda",
      function: new Function(secure, "TokensAuthorizerFunction", { handler: "src/authorizer.main", srcPath: SRC }),
      name: "TokenAuthorizer",
      identitySource: ["route.request.querystring.token"],
    },
    defaults: {
      function: {
        srcPath: SRC,
        memorySize: 256,
        permissions: ["sqs:SendMessage", Permission.grant(sessions, "grantReadData")],
      },
    },
    routes: {
      $connect: "src/connect.main",
      $default: { function: { handler: "src/default.main", bind: [events] }, returnResponse: true },
    },
    accessLog: "$context.requestId $context.routeKey $context.status",
  });
  new cdk.CfnOutput(secure, "TokensUrl", { value: tokens.url });

  const internal = new cdk.Stack(app, "Internal");
  const reports = new s3.Bucket(internal, "reports");
  const admin = new WebSocketApi(internal, "Admin", {
    authorizer: "iam",
    routes: { $connect: "src/connect.main", $default: { function: "src/default.main", returnResponse: true } },
    defaults: { function: { srcPath: SRC, permissions: [reports] } },
    accessLog: false,
  });
  new cdk.CfnOutput(internal, "AdminUrl", { value: admin.url });
}
