// An API in one stack, routes added from another: what was attached and bound on the API
// reaches the later routes through cross-stack references.
import * as cdk from "aws-cdk-lib";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { WebSocketApi } from "@cdk-from-rust/websocket-api";
import { ENV } from "./env";

export class CrossApiStack extends cdk.Stack {
  public readonly api: WebSocketApi;
  public readonly uploads: s3.Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id, { env: ENV });
    this.uploads = new s3.Bucket(this, "uploads");
    this.api = new WebSocketApi(this, "Api", {
      accessLog: false,
      routes: { $connect: "handlers/node/connect.main" },
    });
    this.api.attachPermissions(["sqs:SendMessage"]);
    this.api.bind([this.uploads]);
  }
}

export class CrossRoutesStack extends cdk.Stack {
  constructor(scope: Construct, id: string, api: WebSocketApi) {
    super(scope, id, { env: ENV });
    api.addRoutes(this, { later: "handlers/node/default.main" });
  }
}
