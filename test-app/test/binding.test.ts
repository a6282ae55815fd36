// bind and bindToRoute on WebSocketApi, bind on Function, and IBindable
// (issue "Permissions and resource binding for WebSocket route functions").
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as cdk from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Construct, IConstruct } from "constructs";
import { Function, WebSocketApi } from "@cdk-from-rust/websocket-api";
import { freshStack, resourcesOf, statementsOf, testApp } from "./support";

const app = testApp();
const stack = app.binding;
const template = Template.fromStack(stack);
const HANDLER = "handlers/node/default.main";

const XRAY = { Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Effect: "Allow", Resource: "*" };

function idOf(construct: IConstruct): string {
  return cdk.Stack.of(construct).getLogicalId(construct.node.defaultChild as cdk.CfnElement);
}
function ref(construct: IConstruct): object {
  return { Ref: idOf(construct) };
}
function arn(construct: IConstruct): object {
  return { "Fn::GetAtt": [idOf(construct), "Arn"] };
}
function allow(action: string | string[], resource: unknown): object {
  return { Action: action, Effect: "Allow", Resource: resource };
}
function manage(api: WebSocketApi): object {
  const parts = ["arn:", { Ref: "AWS::Partition" }, ":execute-api:us-east-1:123456789012:", ref(api.cdk.webSocketApi)];
  return allow("execute-api:ManageConnections", { "Fn::Join": ["", [...parts, "/default/*/@connections/*"]] });
}
function url(api: WebSocketApi, scheme: string): object {
  return {
    "Fn::Join": ["", [`${scheme}://`, ref(api.cdk.webSocketApi), ".execute-api.us-east-1.", { Ref: "AWS::URLSuffix" }, "/default"]],
  };
}
function ssmArn(construct: IConstruct): object {
  return { "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, ":ssm:us-east-1:123456789012:parameter/", ref(construct)]] };
}
function assertStatements(t: Template, fn: IConstruct, expected: object[]): void {
  const key = (s: object) => JSON.stringify(s);
  assert.deepEqual(statementsOf(t, idOf(fn)).map(key).sort(), expected.map(key).sort());
}
function envOf(t: Template, fn: IConstruct): Record<string, unknown> | undefined {
  return resourcesOf(t, "AWS::Lambda::Function")[idOf(fn)].Properties!.Environment?.Variables;
}

describe("bind on the API", () => {
  const fn = stack.api.getFunction("$default")!;

  it("sets SST's SST_{Type}_{prop}_{id} variables, with - in ids as _", () => {
    assert.deepEqual(envOf(template, fn), {
      SST_Bucket_bucketName_my_bucket: ref(stack.bucket),
      SST_Table_tableName_orders_table: ref(stack.table),
      SST_Queue_queueUrl_jobs: ref(stack.queue),
      SST_Topic_topicArn_alerts: ref(stack.topic),
      SST_Function_functionName_worker_fn: ref(stack.worker),
      SST_Secret_secretArn_api_key: ref(stack.secret),
      SST_Parameter_parameterName_app_config: ref(stack.parameter),
      SST_EventBus_eventBusName_bus: ref(stack.bus),
      SST_KinesisStream_streamName_clicks: ref(stack.stream),
      SST_WebSocketApi_url_live_updates: url(stack.live, "wss"),
      SST_WebSocketApi_httpsUrl_live_updates: url(stack.live, "https"),
      SST_FeatureFlags_name_feature_flags: ref(stack.flags.parameter),
      SST_Renamed_value_sst_id: "fixed",
    });
  });

  it("grants the same access attachPermissions gives each construct", () => {
    assertStatements(template, fn, [
      XRAY,
      manage(stack.api),
      allow("s3:*", [arn(stack.bucket), { "Fn::Join": ["", [arn(stack.bucket), "/*"]] }]),
      allow("dynamodb:*", [arn(stack.table), { "Fn::Join": ["", [arn(stack.table), "/*"]] }]),
      allow("sqs:*", arn(stack.queue)),
      allow("sns:*", ref(stack.topic)),
      allow("lambda:*", arn(stack.worker)),
      allow("secretsmanager:*", ref(stack.secret)),
      allow("ssm:*", ssmArn(stack.parameter)),
      allow("events:*", arn(stack.bus)),
      allow("kinesis:*", arn(stack.stream)),
      manage(stack.live),
      // FeatureFlags (IBindable): read its parameter only.
      allow("ssm:GetParameter", ssmArn(stack.flags.parameter)),
    ]);
  });

  it("lets a custom IBindable construct choose its variables, access and id", () => {
    const s = freshStack();
    const bindable = Object.assign(new Construct(s, "node-id"), {
      toFunctionBinding: () => ({ type: "Custom", id: "my-id", variables: { a: "1", b: "2" }, permissions: [] }),
    });
    const fn = new Function(s, "Fn", { handler: HANDLER, tracing: "disabled", bind: [bindable] });
    const t = Template.fromStack(s);
    assert.deepEqual(envOf(t, fn), { SST_Custom_a_my_id: "1", SST_Custom_b_my_id: "2" });
    t.resourceCountIs("AWS::IAM::Policy", 0);
  });

  it(
    "names a WebSocketApi's variables after the id it was created with, not cdk.id (as SST)",
    () => {
      const s = freshStack();
      const api = new WebSocketApi(s, "chat-api", { accessLog: false, cdk: { id: "Renamed" } });
      const fn = new Function(s, "Fn", { handler: HANDLER, bind: [api] });
      assert.deepEqual(Object.keys(envOf(Template.fromStack(s), fn) ?? {}), [
        "SST_WebSocketApi_url_chat_api",
        "SST_WebSocketApi_httpsUrl_chat_api",
      ]);
    },
  );
});

describe("bindToRoute", () => {
  function api(): { s: cdk.Stack; api: WebSocketApi; bucket: s3.Bucket } {
    const s = freshStack();
    const bucket = new s3.Bucket(s, "photos");
    return {
      s,
      bucket,
      api: new WebSocketApi(s, "Api", { accessLog: false, routes: { $connect: HANDLER, $default: HANDLER } }),
    };
  }

  it("binds to that route only", () => {
    const { s, api: a, bucket } = api();
    a.bindToRoute(" $default ", [bucket]);
    const t = Template.fromStack(s);
    assert.deepEqual(envOf(t, a.getFunction("$default")!), { SST_Bucket_bucketName_photos: ref(bucket) });
    assert.equal(envOf(t, a.getFunction("$connect")!), undefined);
    const bucketStatements = (fn: IConstruct) => statementsOf(t, idOf(fn)).filter((st) => st.Action === "s3:*");
    assert.equal(bucketStatements(a.getFunction("$default")!).length, 1);
    assert.equal(bucketStatements(a.getFunction("$connect")!).length, 0);
  });

  it("throws for an unknown route", () => {
    const { api: a, bucket } = api();
    assert.throws(() => a.bindToRoute("sendMessage", [bucket]), {
      message: 'Failed to bind resources. Route "sendMessage" does not exist.',
    });
  });
});

describe("bind on a Function", () => {
  it("takes bind as a prop and as a method", () => {
    const fn = stack.standalone;
    assert.deepEqual(envOf(template, fn), {
      SST_Bucket_bucketName_my_bucket: ref(stack.bucket),
      SST_WebSocketApi_url_live_updates: url(stack.live, "wss"),
      SST_WebSocketApi_httpsUrl_live_updates: url(stack.live, "https"),
    });
    assertStatements(template, fn, [
      XRAY,
      allow("s3:*", [arn(stack.bucket), { "Fn::Join": ["", [arn(stack.bucket), "/*"]] }]),
      manage(stack.live),
    ]);
  });
});

describe("unsupported bindings", () => {
  const unsupported = (path: string) =>
    `Cannot bind "${path}": it is not a construct of a supported kind. Supported: Bucket, Table, Queue, Topic, Function, Secret, Parameter, EventBus, KinesisStream, WebSocketApi, or any construct that implements IBindable.`;

  it("throws for an ec2 Vpc or a plain Construct, naming it and the supported kinds", () => {
    const s = freshStack();
    const fn = new Function(s, "Fn", { handler: HANDLER });
    assert.throws(() => fn.bind([new ec2.Vpc(s, "Vpc")]), { message: unsupported("Test/Vpc") });
    assert.throws(() => fn.bind([new Construct(s, "Plain")]), { message: unsupported("Test/Plain") });
  });

  it("throws at synth for an id that would make an invalid variable name (not at deploy)", () => {
    const s = freshStack();
    const api = new WebSocketApi(s, "Api", { accessLog: false, routes: { $connect: HANDLER } });
    const fn = new Function(s, "Fn", { handler: HANDLER });
    const invalid = (path: string, name: string) =>
      `Cannot bind "${path}": "${name}" is not a valid Lambda environment variable name. Variables are named SST_<Type>_<prop>_<id> with "-" in the id as "_"; use letters, digits, "-" and "_" in the construct's id.`;
    assert.throws(() => fn.bind([api.getFunction("$connect")!]), {
      message: invalid("Test/Api/$connect", "SST_Function_functionName_$connect"),
    });
    assert.throws(() => fn.bind([new s3.Bucket(s, "my.bucket")]), {
      message: invalid("Test/my.bucket", "SST_Bucket_bucketName_my.bucket"),
    });
  });

  it("binds nothing when one construct is unsupported", () => {
    const s = freshStack();
    const fn = new Function(s, "Fn", { handler: HANDLER, tracing: "disabled" });
    assert.throws(() => fn.bind([new s3.Bucket(s, "Bucket"), new Construct(s, "Plain")]));
    const t = Template.fromStack(s);
    assert.equal(envOf(t, fn), undefined);
    t.resourceCountIs("AWS::IAM::Policy", 0);
  });

  it("throws through the API, also for constructs bound before any route exists", () => {
    const s = freshStack();
    const api = new WebSocketApi(s, "Api", { accessLog: false, routes: { $connect: HANDLER } });
    assert.throws(() => api.bind([new Construct(s, "Plain")]), { message: unsupported("Test/Plain") });
    const empty = new WebSocketApi(s, "Empty", { accessLog: false });
    assert.throws(
      () => {
        empty.bind([new Construct(s, "Other")]);
        empty.addRoutes(s, { $default: HANDLER });
      },
      { message: unsupported("Test/Other") },
    );
  });
});
