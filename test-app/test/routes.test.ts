// Routes and functions of a WebSocketApi (issue 2).
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as cdk from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { Function, WebSocketApi } from "@cdk-from-rust/websocket-api";
import { freshStack, resource, resourcesOf, statementsWith, testApp } from "./support";

const app = testApp();
const routes = Template.fromStack(app.routes);

describe("routes", () => {
  it("creates one API, stage, integration and route per route key, trimmed", () => {
    assert.deepEqual(app.routes.chat.routes, ["$connect", "$disconnect", "sendMessage", "$default"]);
    const keys = Object.values(resourcesOf(routes, "AWS::ApiGatewayV2::Route"))
      .filter((r) => JSON.stringify(r.Properties!.ApiId).includes("ChatApi"))
      .map((r) => r.Properties!.RouteKey)
      .sort();
    assert.deepEqual(keys, ["$connect", "$default", "$disconnect", "sendMessage"]);
    routes.resourcePropertiesCountIs("AWS::ApiGatewayV2::Integration", { IntegrationType: "AWS_PROXY" }, 6);
    routes.resourceCountIs("AWS::ApiGatewayV2::Api", 2);
  });

  it("names the API {stackName}-{id} and uses the route selection expression", () => {
    routes.hasResourceProperties("AWS::ApiGatewayV2::Api", {
      Name: "Routes-Chat",
      ProtocolType: "WEBSOCKET",
      RouteSelectionExpression: "$request.body.type",
    });
    routes.hasResourceProperties("AWS::ApiGatewayV2::Api", {
      Name: "Routes-Instances",
      RouteSelectionExpression: "$request.body.action",
    });
  });

  it("auto-deploys a stage named after the stage context, else default", () => {
    routes.hasResourceProperties("AWS::ApiGatewayV2::Stage", { StageName: "default", AutoDeploy: true });
    const stack = freshStack({ stage: "prod" });
    new WebSocketApi(stack, "Api", { accessLog: false, routes: { $default: "handlers/node/default.main" } });
    Template.fromStack(stack).hasResourceProperties("AWS::ApiGatewayV2::Stage", { StageName: "prod" });
  });

  it("makes returnResponse routes two-way and leaves the others one-way", () => {
    const [sendId, send] = resource(routes, "AWS::ApiGatewayV2::Route", "ChatRoutesendMessage");
    assert.equal(send.Properties!.RouteResponseSelectionExpression, "$default");
    routes.hasResourceProperties("AWS::ApiGatewayV2::RouteResponse", {
      RouteId: { Ref: sendId },
      RouteResponseKey: "$default",
    });
    routes.resourceCountIs("AWS::ApiGatewayV2::RouteResponse", 1);
    const [, connect] = resource(routes, "AWS::ApiGatewayV2::Route", "ChatRouteconnect");
    assert.equal(connect.Properties!.RouteResponseSelectionExpression, undefined);
  });

  it("exposes url, managementEndpoint, getFunction and getRoute", () => {
    const api = app.routes.chat;
    const stack = cdk.Stack.of(api);
    assert.match(stack.resolve(api.url)["Fn::Join"][1].join(""), /^wss:\/\/.*\.execute-api\.us-east-1\..*\/default$/);
    assert.match(stack.resolve(api.managementEndpoint)["Fn::Join"][1].join(""), /^https:\/\/.*\/default$/);
    assert.ok(api.getFunction(" $connect ") instanceof Function);
    assert.equal(api.getFunction("nope"), undefined);
    assert.equal(api.getRoute("sendMessage")?.routeKey, "sendMessage");
    assert.equal(api.getRoute("nope"), undefined);
    assert.equal(api.id, "Chat");
  });
});

describe("defaults.function", () => {
  it("applies defaults to handler-string routes", () => {
    const [, connect] = resource(routes, "AWS::Lambda::Function", "Chatconnect");
    assert.equal(connect.Properties!.Timeout, 20);
    assert.equal(connect.Properties!.MemorySize, 512);
    assert.deepEqual(connect.Properties!.Environment.Variables, { STAGE: "test", SHARED: "from-defaults" });
    assert.deepEqual(connect.Properties!.Layers, ["arn:aws:lambda:us-east-1:123456789012:layer:defaults:1"]);
  });

  it("lets the route's scalars win, merges environment and concatenates layers, defaults first", () => {
    const [, disconnect] = resource(routes, "AWS::Lambda::Function", "Chatdisconnect");
    assert.equal(disconnect.Properties!.Timeout, 5);
    assert.equal(disconnect.Properties!.MemorySize, 512);
    assert.deepEqual(disconnect.Properties!.Environment.Variables, { STAGE: "test", SHARED: "from-route" });
    assert.deepEqual(disconnect.Properties!.Layers, [
      "arn:aws:lambda:us-east-1:123456789012:layer:defaults:1",
      "arn:aws:lambda:us-east-1:123456789012:layer:route:1",
    ]);
  });

  it("uses a Function instance as it is, on several routes", () => {
    const fns = Object.keys(resourcesOf(routes, "AWS::Lambda::Function")).filter((id) => id.startsWith("Shared"));
    assert.equal(fns.length, 1);
    assert.equal(app.routes.instances.getFunction("ping"), app.routes.shared);
    assert.equal(app.routes.instances.getFunction("pong"), app.routes.shared);
  });

  it("grants API Gateway invoke once per function and API, however many routes share it", () => {
    const [, permission] = resource(routes, "AWS::Lambda::Permission", "SharedInvokeBy");
    assert.equal(permission.Properties!.Principal, "apigateway.amazonaws.com");
    const arn = permission.Properties!.SourceArn["Fn::Join"][1];
    assert.match(arn[3].Ref, /^InstancesApi/);
    assert.equal(arn[4], "/*");
    const perChat = Object.keys(resourcesOf(routes, "AWS::Lambda::Permission")).filter((id) => id.startsWith("Chat"));
    assert.equal(perChat.length, 4, "one per route function of Chat");
  });
});

describe("Function", () => {
  it("has SST's defaults: 10 s, 1024 MB, x86_64, active tracing, nodejs22.x", () => {
    routes.hasResourceProperties("AWS::Lambda::Function", {
      Handler: "index.main",
      Runtime: "nodejs22.x",
      Timeout: 10,
      MemorySize: 1024,
      Architectures: ["x86_64"],
      TracingConfig: { Mode: "Active" },
      Environment: Match.absent(),
    });
  });
});

describe("ManageConnections", () => {
  it("lets every route function manage connections of this API's stage only", () => {
    for (const prefix of ["Chatconnect", "Chatdisconnect", "ChatsendMessage", "Chatdefault"]) {
      const statements = statementsWith(routes, prefix, "execute-api:ManageConnections");
      assert.equal(statements.length, 1, prefix);
      const arn = statements[0].Resource["Fn::Join"][1];
      assert.deepEqual(arn.slice(2), [":execute-api:us-east-1:123456789012:", { Ref: arn[3].Ref }, "/default/*/@connections/*"]);
      assert.match(arn[3].Ref, /^ChatApi/);
    }
  });
});
