// attachPermissions and permissions: the whole vocabulary (one route per kind of value),
// defaults.function merging, API-wide vs one-route permissions, and a standalone Function.
import * as cdk from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";
import { Function, Permission, WebSocketApi } from "@cdk-from-rust/websocket-api";
import { ENV } from "./env";
import { createResourceKinds, ResourceKinds } from "./resource-kinds";

const HANDLER = "handlers/node/default.main";

/** One of each construct kind permissions understand, and a WebSocketApi. */
export interface Resources extends ResourceKinds {}
export class Resources extends Construct {
  public readonly notifications: WebSocketApi;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    Object.assign(
      this,
      createResourceKinds(this, {
        bucket: "Uploads",
        table: "Orders",
        index: "byStatus",
        indexKey: "status",
        queue: "Jobs",
        topic: "Events",
        worker: "Worker",
        secret: "ApiKey",
        parameter: "Config",
        bus: "Bus",
        stream: "Clicks",
      }),
    );
    this.notifications = new WebSocketApi(this, "Notifications", { accessLog: false });
  }
}

export class PermissionsStack extends cdk.Stack {
  public readonly resources: Resources;
  /** One route per kind of permission value. */
  public readonly vocabulary: WebSocketApi;
  /** defaults.function.permissions and bind, with routes that add to them or override with "*". */
  public readonly merged: WebSocketApi;
  /** defaults.function.permissions "*": it wins over the route's list. */
  public readonly defaultsStar: WebSocketApi;
  /** attachPermissions/bind on the whole API, before and after routes exist, and to one route. */
  public readonly scoped: WebSocketApi;
  /** Function.attachPermissions and Function.bind, with no API. */
  public readonly standalone: Function;

  constructor(scope: Construct, id: string) {
    super(scope, id, { env: ENV });
    const r = (this.resources = new Resources(this, "Resources"));

    this.vocabulary = new WebSocketApi(this, "Vocabulary", {
      accessLog: false,
      routes: {
        star: { function: { handler: HANDLER, permissions: "*" } },
        service: { function: { handler: HANDLER, permissions: ["s3"] } },
        action: { function: { handler: HANDLER, permissions: ["s3:GetObject"] } },
        constructs: {
          function: {
            handler: HANDLER,
            permissions: [
              r.bucket,
              r.table,
              r.queue,
              r.topic,
              r.worker,
              r.secret,
              r.parameter,
              r.bus,
              r.stream,
              r.notifications,
            ],
          },
        },
        grant: { function: { handler: HANDLER, permissions: [Permission.grant(r.bucket, "grantRead")] } },
        statement: {
          function: {
            handler: HANDLER,
            permissions: [
              new iam.PolicyStatement({
                effect: iam.Effect.DENY,
                actions: ["s3:DeleteObject"],
                resources: [r.bucket.arnForObjects("keep/*")],
              }),
            ],
          },
        },
      },
    });

    this.merged = new WebSocketApi(this, "Merged", {
      accessLog: false,
      defaults: { function: { permissions: ["sqs:SendMessage"], bind: [r.queue] } },
      routes: {
        inherits: HANDLER,
        adds: { function: { handler: HANDLER, permissions: ["sns:Publish"], bind: [r.topic] } },
        star: { function: { handler: HANDLER, permissions: "*" } },
      },
    });

    this.defaultsStar = new WebSocketApi(this, "DefaultsStar", {
      accessLog: false,
      defaults: { function: { permissions: "*" } },
      routes: { route: { function: { handler: HANDLER, permissions: ["s3"], bind: [r.bucket] } } },
    });

    this.scoped = new WebSocketApi(this, "Scoped", {
      accessLog: false,
      routes: { first: HANDLER, second: HANDLER },
    });
    this.scoped.attachPermissions([r.bus]);
    this.scoped.bind([r.table]);
    this.scoped.addRoutes(this, { third: HANDLER });
    this.scoped.attachPermissionsToRoute("first", [r.topic]);
    this.scoped.bindToRoute(" second ", [r.queue]);

    this.standalone = new Function(this, "Standalone", {
      handler: HANDLER,
      permissions: [r.topic],
      bind: [r.bus],
    });
    this.standalone.attachPermissions([r.secret, Permission.grant(r.queue, "grantSendMessages")]);
    this.standalone.bind([r.parameter]);
  }
}
