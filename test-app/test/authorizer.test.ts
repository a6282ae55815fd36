// Authorizers of the $connect route (issue "Access logs, custom domains, authorizers").
// Builds only the Authorizer stack, plus fresh stacks for single cases.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as cdk from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import * as apigwv2Authorizers from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { Function, WebSocketApi } from "@cdk-from-rust/websocket-api";
import { AuthorizerStack } from "../lib/authorizer-stack";
import { freshStack, resource, resourcesOf } from "./support";

const stack = new AuthorizerStack(new cdk.App(), "Authorizer");
/** The end of the message for a string that is not an authorizer kind. */
const OBJECTS =
  'or an authorizer object: { type: "lambda", function }, { type: "jwt", jwt: { issuer, audience } } or { type: "user_pool", userPool: { id, clientIds } }.';
const template = Template.fromStack(stack);

/** AuthorizationType and AuthorizerId of each route of an API (by construct id), by route key. */
function routeAuth(prefix: string, t: Template = template): Record<string, [string, unknown]> {
  const [apiId] = resource(t, "AWS::ApiGatewayV2::Api", `${prefix}Api`);
  const routes = Object.values(resourcesOf(t, "AWS::ApiGatewayV2::Route")).filter((r) => r.Properties!.ApiId.Ref === apiId);
  return Object.fromEntries(routes.map((r) => [r.Properties!.RouteKey, [r.Properties!.AuthorizationType, r.Properties!.AuthorizerId]]));
}

function authorizersOf(prefix: string, t: Template = template) {
  const [apiId] = resource(t, "AWS::ApiGatewayV2::Api", `${prefix}Api`);
  return Object.entries(resourcesOf(t, "AWS::ApiGatewayV2::Authorizer")).filter(([, a]) => a.Properties!.ApiId.Ref === apiId);
}

const [authorizerFnId] = resource(template, "AWS::Lambda::Function", "AuthorizerFn");
const authorizerUri = {
  "Fn::Join": [
    "",
    ["arn:", { Ref: "AWS::Partition" }, ":apigateway:us-east-1:lambda:path/2015-03-31/functions/", { "Fn::GetAtt": [authorizerFnId, "Arn"] }, "/invocations"],
  ],
};

/** The permission that lets API Gateway invoke the authorizer function for one authorizer. */
function invokePermissionsFor(authorizerId: string, apiPrefix: string) {
  const [apiId] = resource(template, "AWS::ApiGatewayV2::Api", `${apiPrefix}Api`);
  return Object.values(resourcesOf(template, "AWS::Lambda::Permission")).filter((p) =>
    JSON.stringify(p.Properties!.SourceArn).includes(`"/authorizers/",{"Ref":"${authorizerId}"}`) &&
    p.Properties!.SourceArn["Fn::Join"][1][3].Ref === apiId,
  ).map((p) => p.Properties);
}

function assertLambdaAuthorizer(prefix: string, name: string, identitySource: string[]): void {
  const authorizers = authorizersOf(prefix);
  assert.equal(authorizers.length, 1);
  const [authorizerId, authorizer] = authorizers[0];
  assert.deepEqual(authorizer.Properties, {
    ApiId: { Ref: resource(template, "AWS::ApiGatewayV2::Api", `${prefix}Api`)[0] },
    AuthorizerType: "REQUEST",
    AuthorizerUri: authorizerUri,
    IdentitySource: identitySource,
    Name: name,
  });
  assert.deepEqual(routeAuth(prefix), {
    $connect: ["CUSTOM", { Ref: authorizerId }],
    $disconnect: ["NONE", undefined],
    sendMessage: ["NONE", undefined],
  });
  const [apiId] = resource(template, "AWS::ApiGatewayV2::Api", `${prefix}Api`);
  assert.deepEqual(invokePermissionsFor(authorizerId, prefix), [
    {
      Action: "lambda:InvokeFunction",
      FunctionName: { "Fn::GetAtt": [authorizerFnId, "Arn"] },
      Principal: "apigateway.amazonaws.com",
      SourceArn: {
        "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, ":execute-api:us-east-1:123456789012:", { Ref: apiId }, "/authorizers/", { Ref: authorizerId }]],
      },
    },
  ]);
}

describe("authorizer", () => {
  it('"none": every route is NONE, no authorizer resource', () => {
    assert.deepEqual(routeAuth("None"), {
      $connect: ["NONE", undefined],
      $disconnect: ["NONE", undefined],
      sendMessage: ["NONE", undefined],
    });
    assert.deepEqual(authorizersOf("None"), []);
  });

  it("is none by default", () => {
    const stack = freshStack();
    const fn = new Function(stack, "Fn", { handler: "handlers/node/echo.main" });
    new WebSocketApi(stack, "NoAuthorizer", { accessLog: false, routes: { $connect: fn, $default: fn } });
    const t = Template.fromStack(stack);
    assert.deepEqual(routeAuth("NoAuthorizer", t), { $connect: ["NONE", undefined], $default: ["NONE", undefined] });
    t.resourceCountIs("AWS::ApiGatewayV2::Authorizer", 0);
  });

  it('"iam": $connect is AWS_IAM, the other routes NONE', () => {
    assert.deepEqual(routeAuth("Iam"), {
      $connect: ["AWS_IAM", undefined],
      $disconnect: ["NONE", undefined],
      sendMessage: ["NONE", undefined],
    });
    assert.deepEqual(authorizersOf("Iam"), []);
  });

  it("lambda: a REQUEST authorizer on $connect with CDK's name and identity source, invokable by API Gateway", () => {
    assertLambdaAuthorizer("Lambda", "WebSocketAuthorizer", ["route.request.header.Authorization"]);
  });

  it("lambda: honours name and identitySource", () => {
    assertLambdaAuthorizer("Named", "TokenAuthorizer", ["route.request.querystring.token", "route.request.header.X-Client"]);
  });

  it("cdk.authorizer: used as it is, name and identitySource of the props ignored", () => {
    assertLambdaAuthorizer("ExistingAuth", "Existing", ["route.request.header.X-Existing"]);
    // CDK creates the authorizer resource of the given authorizer, under its id, in the API.
    const [authorizerId] = authorizersOf("ExistingAuth")[0];
    assert.match(authorizerId, /^ExistingAuthApiExisting/);
    assert.ok(!JSON.stringify(template.toJSON()).includes("Ignored"));
  });

  it("applies to a $connect route added later with addRoutes", () => {
    const stack = freshStack();
    const fn = new Function(stack, "Fn", { handler: "handlers/node/echo.main" });
    const api = new WebSocketApi(stack, "Later", { accessLog: false, authorizer: "iam", routes: { $default: fn } });
    api.addRoutes(stack, { $connect: fn });
    const t = Template.fromStack(stack);
    assert.deepEqual(routeAuth("Later", t), { $default: ["NONE", undefined], $connect: ["AWS_IAM", undefined] });
  });

  it("creates no authorizer resource without a $connect route", () => {
    const stack = freshStack();
    const fn = new Function(stack, "Fn", { handler: "handlers/node/echo.main" });
    new WebSocketApi(stack, "NoConnect", { accessLog: false, authorizer: { type: "lambda", function: fn }, routes: { $default: fn } });
    const t = Template.fromStack(stack);
    t.resourceCountIs("AWS::ApiGatewayV2::Authorizer", 0);
    assert.deepEqual(routeAuth("NoConnect", t), { $default: ["NONE", undefined] });
  });
});

describe("authorizer errors", () => {
  it('rejects a Lambda authorizer without "function" or cdk.authorizer', () => {
    const stack = freshStack();
    assert.throws(() => new WebSocketApi(stack, "Api", { authorizer: { type: "lambda" } }), {
      message: 'Missing "function" for authorizer',
    });
    assert.throws(() => new WebSocketApi(stack, "Named", { authorizer: { type: "lambda", name: "Auth", identitySource: ["route.request.header.X"] } }), {
      message: 'Missing "function" for authorizer',
    });
  });

  it('rejects "jwt" as a string; type "jwt" is a JWT authorizer (jwt.test.ts), which takes no function', () => {
    const stack = freshStack();
    assert.throws(() => new WebSocketApi(stack, "A", { authorizer: "jwt" }), {
      message: `Invalid authorizer "jwt". Accepted: none, iam, ${OBJECTS}`,
    });
    const fn = new Function(stack, "Fn", { handler: "handlers/node/echo.main" });
    assert.throws(() => new WebSocketApi(stack, "B", { authorizer: { type: "jwt", function: fn } as never }), {
      message: 'Unknown prop "function" in authorizer. Accepted: type, jwt, identitySource, scopes, claims, name.',
    });
    assert.throws(() => new WebSocketApi(stack, "C", { authorizer: { type: "jwt" } as never }), {
      message: 'Missing "jwt" for the JWT authorizer: pass { issuer, audience } of the tokens it accepts.',
    });
  });

  it("rejects any other string, listing none and iam", () => {
    const stack = freshStack();
    for (const value of ["lambda", "IAM", "custom", ""]) {
      assert.throws(() => new WebSocketApi(stack, `Api${value}`, { authorizer: value }), {
        message: `Invalid authorizer "${value}". Accepted: none, iam, ${OBJECTS}`,
      });
    }
  });

  it("a CDK authorizer cannot serve two APIs (CDK's own check)", () => {
    const stack = freshStack();
    const fn = new Function(stack, "Fn", { handler: "handlers/node/echo.main" });
    const authorizer = new apigwv2Authorizers.WebSocketLambdaAuthorizer("Shared", fn);
    new WebSocketApi(stack, "A", { accessLog: false, authorizer: { type: "lambda", cdk: { authorizer } }, routes: { $connect: fn } });
    assert.throws(
      () => new WebSocketApi(stack, "B", { accessLog: false, authorizer: { type: "lambda", cdk: { authorizer } }, routes: { $connect: fn } }),
      { message: "Cannot attach the same authorizer to multiple Apis" },
    );
  });
});
