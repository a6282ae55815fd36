// The hand-written twin of examples/chat/app.yaml: the app a CDK user would write for that
// model. test/examples.test.ts requires the generated app to synthesize the same templates.
import * as cdk from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import { WebSocketApi } from "@cdk-from-rust/websocket-api";

/** Handler paths of the example, from test-app/ (where the twins are synthesized). */
const SRC = "../examples/chat";

export function chat(app: cdk.App): void {
  const stack = new cdk.Stack(app, "Chat", { env: { account: "123456789012", region: "us-east-1" } });
  const connections = new dynamodb.Table(stack, "connections", {
    partitionKey: { name: "id", type: dynamodb.AttributeType.STRING },
  });
  const api = new WebSocketApi(stack, "Chat", {
    defaults: { function: { srcPath: SRC, timeout: 20, bind: [connections] } },
    routes: {
      $connect: "src/connect.main",
      $disconnect: "src/disconnect.main",
      sendMessage: { function: "src/sendMessage.main", returnResponse: true },
    },
    accessLog: { retention: "one_month" },
    // The hosted zone example.com is answered from test-app/cdk.context.json.
    customDomain: "chat.example.com",
  });
  new cdk.CfnOutput(stack, "ChatUrl", { value: api.customDomainUrl ?? api.url });
}
