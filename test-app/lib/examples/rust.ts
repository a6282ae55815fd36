// The hand-written twin of examples/rust/app.yaml: a Rust route handler given as its Cargo
// package (built with cargo-lambda at synth) beside a Node one.
import * as cdk from "aws-cdk-lib";
import { WebSocketApi } from "@cdk-from-rust/websocket-api";

export function rust(app: cdk.App): void {
  const stack = new cdk.Stack(app, "Rust");
  const api = new WebSocketApi(stack, "Api", {
    routeSelectionExpression: "$request.body.action",
    defaults: { function: { srcPath: "../examples/rust" } },
    routes: {
      echo: {
        function: { handler: "src/echo", runtime: "provided.al2023", architecture: "x86_64" },
        returnResponse: true,
      },
      $default: { function: { handler: "src/count.handler", runtime: "nodejs22.x" }, returnResponse: true },
    },
  });
  new cdk.CfnOutput(stack, "ApiUrl", { value: api.url });
}
