// bind: SST's SST_{Type}_{prop}_{id} variables and access for every supported kind, a
// WebSocketApi, and a custom construct that opts in through IBindable.
import * as cdk from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as ssm from "aws-cdk-lib/aws-ssm";
import { Construct } from "constructs";
import { Function, FunctionBinding, IBindable, WebSocketApi } from "@cdk-from-rust/websocket-api";
import { ENV } from "./env";
import { createResourceKinds, ResourceKinds } from "./resource-kinds";

/**
 * A construct of the app's own that functions can bind: a feature-flag document in SSM. Bound
 * functions get its name as SST_FeatureFlags_name_{id} and may only read it.
 */
export class FeatureFlags extends Construct implements IBindable {
  public readonly parameter: ssm.StringParameter;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.parameter = new ssm.StringParameter(this, "Document", { stringValue: '{"beta":false}' });
  }

  public toFunctionBinding(): FunctionBinding {
    return {
      type: "FeatureFlags",
      variables: { name: this.parameter.parameterName },
      permissions: [
        new iam.PolicyStatement({
          actions: ["ssm:GetParameter"],
          resources: [this.parameter.parameterArn],
        }),
      ],
    };
  }
}

/** Like FeatureFlags, but names its variables after an id of its own, as SST constructs do. */
export class Renamed extends Construct implements IBindable {
  constructor(scope: Construct, id: string, private readonly sstId: string) {
    super(scope, id);
  }

  public toFunctionBinding(): FunctionBinding {
    return { id: this.sstId, type: "Renamed", variables: { value: "fixed" }, permissions: [] };
  }
}

/** Every kind of resource (from createResourceKinds), bound with ids that have "-" in them. */
export interface BindingStack extends ResourceKinds {}
export class BindingStack extends cdk.Stack {
  public readonly live: WebSocketApi;
  public readonly flags: FeatureFlags;
  /** Every kind bound to every route through the API's bind. */
  public readonly api: WebSocketApi;
  /** A standalone Function: bind through props and through bind(). */
  public readonly standalone: Function;

  constructor(scope: Construct, id: string) {
    super(scope, id, { env: ENV });
    // Ids with "-": SST's variable names use "_" instead.
    Object.assign(
      this,
      createResourceKinds(this, {
        bucket: "my-bucket",
        table: "orders-table",
        index: "byCustomer",
        indexKey: "customer",
        queue: "jobs",
        topic: "alerts",
        worker: "worker-fn",
        secret: "api-key",
        parameter: "app-config",
        bus: "bus",
        stream: "clicks",
      }),
    );
    this.live = new WebSocketApi(this, "live-updates", { accessLog: false });
    this.flags = new FeatureFlags(this, "feature-flags");

    this.api = new WebSocketApi(this, "Bound", {
      accessLog: false,
      routes: { $default: "handlers/node/default.main" },
    });
    this.api.bind([
      this.bucket,
      this.table,
      this.queue,
      this.topic,
      this.worker,
      this.secret,
      this.parameter,
      this.bus,
      this.stream,
      this.live,
      this.flags,
      new Renamed(this, "node-id", "sst-id"),
    ]);

    this.standalone = new Function(this, "Standalone", {
      handler: "handlers/node/default.main",
      bind: [this.bucket],
    });
    this.standalone.bind([this.live]);
  }
}
