// The hand-written twin of examples/jwt/app.yaml: the app a CDK user would write for that
// model. test/examples.test.ts requires the generated app to synthesize the same templates.
import * as cdk from "aws-cdk-lib";
import { WebSocketApi } from "@cdk-from-rust/websocket-api";

/** Handler paths of the example, from test-app/ (where the twins are synthesized). */
const SRC = "../examples/jwt";

export function jwt(app: cdk.App): void {
  const stack = new cdk.Stack(app, "Jwt", { env: { region: "us-east-1" } });
  const chat = new WebSocketApi(stack, "Chat", {
    defaults: { function: { srcPath: SRC } },
    authorizer: {
      type: "jwt",
      jwt: { issuer: "https://auth.example.com", audience: ["chat-web"] },
      scopes: ["chat:write"],
      claims: ["email"],
    },
    routes: {
      $connect: "src/connect.main",
      whoami: { function: "src/whoami.main", returnResponse: true },
    },
  });
  new cdk.CfnOutput(stack, "ChatUrl", { value: chat.url });
  const browser = new WebSocketApi(stack, "Browser", {
    defaults: { function: { srcPath: SRC } },
    authorizer: {
      type: "user_pool",
      userPool: { id: "us-east-1_AbC123", clientIds: ["4f7example"] },
      tokenUse: "id",
      identitySource: ["route.request.header.Sec-WebSocket-Protocol"],
    },
    routes: { whoami: { function: "src/whoami.main", returnResponse: true } },
  });
  new cdk.CfnOutput(stack, "BrowserUrl", { value: browser.url });
}
