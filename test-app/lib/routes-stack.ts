// Routes and functions: handler strings, props, Function instances, defaults.function,
// returnResponse and a custom route selection expression.
import * as cdk from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { Construct } from "constructs";
import { Function, WebSocketApi } from "@cdk-from-rust/websocket-api";
import { ENV } from "./env";

export class RoutesStack extends cdk.Stack {
  public readonly chat: WebSocketApi;
  public readonly instances: WebSocketApi;
  public readonly shared: Function;

  constructor(scope: Construct, id: string) {
    super(scope, id, { env: ENV });
    const defaultsLayer = lambda.LayerVersion.fromLayerVersionArn(
      this,
      "DefaultsLayer",
      "arn:aws:lambda:us-east-1:123456789012:layer:defaults:1",
    );
    const routeLayer = lambda.LayerVersion.fromLayerVersionArn(
      this,
      "RouteLayer",
      "arn:aws:lambda:us-east-1:123456789012:layer:route:1",
    );
    this.chat = new WebSocketApi(this, "Chat", {
      routeSelectionExpression: "$request.body.type",
      defaults: {
        function: {
          timeout: 20,
          memorySize: 512,
          environment: { STAGE: "test", SHARED: "from-defaults" },
          layers: [defaultsLayer],
        },
      },
      routes: {
        " $connect ": "handlers/node/connect.main",
        $disconnect: {
          function: {
            handler: "handlers/node/disconnect.main",
            timeout: 5,
            environment: { SHARED: "from-route" },
            layers: [routeLayer],
          },
        },
        sendMessage: { function: "handlers/node/sendMessage.main", returnResponse: true },
        $default: "handlers/node/default.main",
      },
    });

    // One function on two routes, given as an instance: no defaults allowed.
    this.shared = new Function(this, "Shared", { handler: "handlers/node/echo.main" });
    this.instances = new WebSocketApi(this, "Instances", {
      accessLog: false,
      routes: { ping: this.shared, pong: this.shared },
    });
  }
}
