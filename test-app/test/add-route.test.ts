// `addRoute` and the struct-only companions of routes and of `cdk`: each synthesizes what the
// `routes` map or the union prop does; a route's `function` and `functionProps` are exactly one
// of two; under a Python jsii host, route props in a routes map are refused, naming `add_route`,
// and class instances (a `Function`, an imported API) still pass through the unions.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as cdk from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import { Function, WebSocketApi, WebSocketApiProps } from "@cdk-from-rust/websocket-api";
import { freshStack, resourcesOf, throwsExactly, under } from "./support";

const ECHO = "handlers/node/echo.main";
const DEFAULTS: WebSocketApiProps = { defaults: { function: { timeout: 20 } }, authorizer: "iam" };

/** The template of a fresh stack that `build` fills. */
function synth(build: (stack: cdk.Stack) => void): Template {
  const stack = freshStack();
  build(stack);
  return Template.fromStack(stack);
}

describe("addRoute", () => {
  it("synthesizes what the same routes in `routes` do: defaults, $connect's authorizer, return response, ids", () => {
    const viaMap = synth((stack) => {
      new WebSocketApi(stack, "Api", {
        ...DEFAULTS,
        routes: {
          $connect: { function: { handler: ECHO, memorySize: 512 } },
          send: { function: ECHO, returnResponse: true },
        },
      });
    });
    const viaMethod = synth((stack) => {
      const api = new WebSocketApi(stack, "Api", DEFAULTS);
      api.addRoute(api, "$connect", { functionProps: { handler: ECHO, memorySize: 512 } });
      api.addRoute(api, " send ", { function: ECHO, returnResponse: true });
    });
    assert.deepEqual(viaMethod.toJSON(), viaMap.toJSON());
  });

  it("puts the route in the scope it is given, as addRoutes does", () => {
    const app = new cdk.App();
    const apiStack = new cdk.Stack(app, "A");
    const routeStack = new cdk.Stack(app, "B");
    const api = new WebSocketApi(apiStack, "Api");
    api.addRoute(routeStack, "ping", { function: ECHO });
    assert.equal(Object.keys(resourcesOf(Template.fromStack(routeStack), "AWS::ApiGatewayV2::Route")).length, 1);
    assert.equal(api.getFunction("ping")!.node.path, "B/ping");
  });

  it("requires exactly one of function and functionProps", () => {
    const api = new WebSocketApi(freshStack(), "Api");
    throwsExactly(
      () => api.addRoute(api, "ping", {}),
      'Invalid route "ping": it has no function. Set "function" (a handler string or a Function) or "functionProps" (FunctionProps), one of the two.',
    );
    throwsExactly(
      () => api.addRoute(api, "ping", { function: ECHO, functionProps: { handler: ECHO } }),
      'WebSocketApi "Test/Api" route "ping": "function" and "functionProps" are both set, and "functionProps" is "function" given as a struct. Set one of them.',
    );
  });


  it("replaces the $connect the API added for the bearer subprotocol with one given later: what routes gives", () => {
    const jwtAuthorizer = {
      jwt: { issuer: "https://auth.example.com", audience: ["a"] },
      identitySource: ["route.request.header.Sec-WebSocket-Protocol"],
    };
    const viaMap = synth((stack) => {
      new WebSocketApi(stack, "Api", { jwtAuthorizer, routes: { $connect: { function: { handler: ECHO, memorySize: 512 } } } });
    });
    const later = synth((stack) => {
      const api = new WebSocketApi(stack, "Api", { jwtAuthorizer });
      assert.deepEqual(api.routes, ["$connect"]);
      api.addRoute(api, "$connect", { functionProps: { handler: ECHO, memorySize: 512 } });
      assert.deepEqual(api.routes, ["$connect"]);
    });
    assert.deepEqual(later.toJSON().Resources, viaMap.toJSON().Resources);
    const routes = Object.values(resourcesOf(later, "AWS::ApiGatewayV2::Route"));
    assert.deepEqual(routes.map((r) => [r.Properties?.RouteKey, r.Properties?.AuthorizationType]), [["$connect", "CUSTOM"]]);
    later.resourceCountIs("AWS::Lambda::Function", 2); // the authorizer's and yours; the bearer echo is gone
    const api = new WebSocketApi(freshStack(), "Api", { jwtAuthorizer });
    api.addRoute(api, "$connect", { function: ECHO });
    throwsExactly(() => api.addRoute(api, "$connect", { function: ECHO }), 'A route already exists for "$connect"');
  });
});

describe("cdk companions", () => {
  it("webSocketStageProps and webSocketApiProps mean what webSocketStage and webSocketApi given as props mean", () => {
    const union = synth((stack) => new WebSocketApi(stack, "Api", { cdk: { webSocketApi: { description: "d" }, webSocketStage: { stageName: "prod" } } }));
    const companions = synth((stack) => new WebSocketApi(stack, "Api", { cdk: { webSocketApiProps: { description: "d" }, webSocketStageProps: { stageName: "prod" } } }));
    assert.deepEqual(companions.toJSON(), union.toJSON());
  });
});

describe("routes under a Python jsii host", () => {
  const PYTHON = "Python/3.12.3";

  it("refuse route props in the routes map, naming the key and add_route", () => {
    throwsExactly(
      () => under(PYTHON, () => new WebSocketApi(freshStack(), "Api", { routes: { " ping ": { function: ECHO, returnResponse: true } } })),
      'Route "ping" is a dict or struct, which jsii cannot pass through the routes map from Python: it cannot tell a dict from a WebSocketApiFunctionRouteProps there, and drops a dict\'s snake_case keys (return_response, memory_size) before the library sees them. Add it with api.add_route(api, "ping", function_props=FunctionProps(...), return_response=...) after the WebSocketApi (or function="handler" or a Function; the API as scope keeps the ids the routes map gives); a route in the routes map is a handler string or a Function.',
    );
  });

  it("take handler strings and Function instances in the routes map, and route props in add_route", () => {
    const template = under(PYTHON, () =>
      synth((stack) => {
        const fn = new Function(stack, "Fn", { handler: ECHO });
        const api = new WebSocketApi(stack, "Api", { routes: { $default: fn, ping: ECHO } });
        api.addRoute(api, "pong", { functionProps: { handler: ECHO, memorySize: 512 }, returnResponse: true });
        api.addRoute(api, "fn", { function: fn });
      }),
    );
    assert.equal(Object.keys(resourcesOf(template, "AWS::ApiGatewayV2::Route")).length, 4);
  });

  it("refuse FunctionProps in a route's function, naming function_props", () => {
    assert.throws(
      () => under(PYTHON, () => new WebSocketApi(freshStack(), "Api").addRoute(freshStack(), "ping", { function: { handler: ECHO } })),
      /route "ping": "function" got a dict or struct.*Pass it as function_props=FunctionProps\(\.\.\.\).*"function" takes a string or a Function\.$/,
    );
  });

  it("refuse props in cdk.webSocketStage and take an imported API and stage", () => {
    assert.throws(
      () => under(PYTHON, () => new WebSocketApi(freshStack(), "Api", { cdk: { webSocketStage: { stageName: "prod" } } })),
      /cdk: "web_socket_stage" got a dict or struct.*Pass it as web_socket_stage_props=WebSocketApiCdkStageProps\(\.\.\.\).*takes an IWebSocketStage\.$/,
    );
    under(PYTHON, () => {
      const stack = freshStack();
      const webSocketApi = apigwv2.WebSocketApi.fromWebSocketApiAttributes(stack, "Imported", { webSocketId: "abc123" });
      const webSocketStage = apigwv2.WebSocketStage.fromWebSocketStageAttributes(stack, "Stage", { stageName: "prod", api: webSocketApi });
      new WebSocketApi(stack, "Api", { cdk: { webSocketApi, webSocketStage }, routes: { ping: ECHO } });
    });
  });
});
