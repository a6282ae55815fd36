// Access logs and the account's CloudWatch role: the default format into a created log group,
// a format string, props (format and retention), an external destination, access logs off,
// and an API that opts out of the account role.
import * as cdk from "aws-cdk-lib";
import { Construct } from "constructs";
import { WebSocketApi } from "@cdk-from-rust/websocket-api";
import { ENV } from "./env";

/** A log group of another stack, as a destination. */
export const EXTERNAL_DESTINATION = "arn:aws:logs:us-east-1:123456789012:log-group:shared-access-logs";

export class AccessLogStack extends cdk.Stack {
  public readonly byDefault: WebSocketApi;
  public readonly formatString: WebSocketApi;
  public readonly withProps: WebSocketApi;
  public readonly toDestination: WebSocketApi;
  public readonly off: WebSocketApi;
  public readonly withoutRole: WebSocketApi;

  constructor(scope: Construct, id: string) {
    super(scope, id, { env: ENV });
    this.byDefault = new WebSocketApi(this, "ByDefault");
    this.formatString = new WebSocketApi(this, "FormatString", {
      accessLog: "$context.requestId $context.routeKey $context.status",
    });
    this.withProps = new WebSocketApi(this, "WithProps", {
      accessLog: { format: '{"id":"$context.requestId","route":"$context.routeKey"}', retention: "one_week" },
    });
    this.toDestination = new WebSocketApi(this, "ToDestination", {
      accessLog: { destinationArn: EXTERNAL_DESTINATION, retention: "one_month" },
    });
    this.off = new WebSocketApi(this, "Off", { accessLog: false });
    this.withoutRole = new WebSocketApi(this, "WithoutRole", { accessLog: true, cloudWatchRole: false });
  }
}
