// One function per runtime family and packaging mode.
import * as cdk from "aws-cdk-lib";
import { Construct } from "constructs";
import { WebSocketApi } from "@cdk-from-rust/websocket-api";
import { ENV } from "./env";

export class RuntimesStack extends cdk.Stack {
  public readonly api: WebSocketApi;

  constructor(scope: Construct, id: string) {
    super(scope, id, { env: ENV });
    this.api = new WebSocketApi(this, "Runtimes", {
      accessLog: false,
      routes: {
        node: {
          function: { handler: "handlers/node/connect.main", architecture: "arm_64", tracing: "disabled", runtime: "nodejs24.x" },
        },
        plain: { function: { handler: "plain/index.main", srcPath: "handlers/node", bundle: false } },
        python: { function: { handler: "chat.main", srcPath: "handlers/python", runtime: "python3.12" } },
        rust: { function: { handler: "target/lambda/chat", srcPath: "handlers/rust", runtime: "provided.al2023" } },
      },
    });
  }
}
