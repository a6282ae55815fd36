// The hand-written twin of examples/minimal/app.toml: the app a CDK user would write for that
// model. test/examples.test.ts requires the generated app to synthesize the same templates.
import * as cdk from "aws-cdk-lib";
import { WebSocketApi } from "@cdk-from-rust/websocket-api";

/** Handler paths of the example, from test-app/ (where the twins are synthesized). */
const SRC = "../examples/minimal";

export function minimal(app: cdk.App): void {
  const stack = new cdk.Stack(app, "Minimal");
  const echo = new WebSocketApi(stack, "Echo", {
    defaults: { function: { srcPath: SRC } },
    routes: { $default: "src/echo.main" },
  });
  new cdk.CfnOutput(stack, "EchoUrl", { value: echo.url });
}
