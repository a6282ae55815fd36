// cdk.webSocketApi and cdk.webSocketStage: props, and imported constructs.
import * as cdk from "aws-cdk-lib";
import * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import { Construct } from "constructs";
import { WebSocketApi } from "@cdk-from-rust/websocket-api";
import { ENV } from "./env";

export class ImportedStack extends cdk.Stack {
  public readonly withProps: WebSocketApi;
  public readonly intoImportedApi: WebSocketApi;
  public readonly intoImportedStage: WebSocketApi;

  constructor(scope: Construct, id: string) {
    super(scope, id, { env: ENV });
    this.withProps = new WebSocketApi(this, "WithProps", {
      accessLog: false,
      cdk: {
        id: "Renamed",
        webSocketApi: { apiName: "custom-name", description: "from cdk.webSocketApi" },
        webSocketStage: { stageName: "live", autoDeploy: false, description: "from cdk.webSocketStage" },
      },
      routes: { $default: "handlers/node/default.main" },
    });

    const existing = apigwv2.WebSocketApi.fromWebSocketApiAttributes(this, "Existing", {
      webSocketId: "abc123",
    });
    this.intoImportedApi = new WebSocketApi(this, "IntoImportedApi", {
      accessLog: false,
      cdk: { webSocketApi: existing },
      routes: { $default: "handlers/node/default.main" },
    });

    const other = apigwv2.WebSocketApi.fromWebSocketApiAttributes(this, "Other", { webSocketId: "def456" });
    this.intoImportedStage = new WebSocketApi(this, "IntoImportedStage", {
      cdk: {
        webSocketApi: other,
        webSocketStage: apigwv2.WebSocketStage.fromWebSocketStageAttributes(this, "OtherStage", {
          api: other,
          stageName: "prod",
        }),
      },
      routes: { $default: "handlers/node/default.main" },
    });
  }
}
