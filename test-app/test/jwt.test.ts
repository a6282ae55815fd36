// JWT and Cognito user pool authorizers (issue 14): what the Jwt stack synthesizes, and the
// errors of bad settings. The authorizer's own checks are tested in jwt-authorizer.test.ts.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as cdk from "aws-cdk-lib";
import { Annotations, Match, Template } from "aws-cdk-lib/assertions";
import { WebSocketApi } from "@cdk-from-rust/websocket-api";
import { JwtStack } from "../lib/jwt-stack";
import { freshStack, resource, resourcesOf } from "./support";

const stack = new JwtStack(new cdk.App(), "Jwt");
const template = Template.fromStack(stack);

/** The authorizer of an API (by construct id), its function's environment, and its routes' authorization. */
function authorizerOf(prefix: string) {
  const [apiId] = resource(template, "AWS::ApiGatewayV2::Api", `${prefix}Api`);
  const authorizers = Object.entries(resourcesOf(template, "AWS::ApiGatewayV2::Authorizer")).filter(
    ([, a]) => a.Properties!.ApiId.Ref === apiId,
  );
  assert.equal(authorizers.length, 1, `${prefix}: one authorizer`);
  const [authorizerId, authorizer] = authorizers[0];
  const [, fn] = resource(template, "AWS::Lambda::Function", `${prefix}JwtAuthorizerFunction`);
  const routes = Object.values(resourcesOf(template, "AWS::ApiGatewayV2::Route")).filter((r) => r.Properties!.ApiId.Ref === apiId);
  const auth = Object.fromEntries(routes.map((r) => [r.Properties!.RouteKey, r.Properties!.AuthorizationType]));
  const connect = routes.find((r) => r.Properties!.RouteKey === "$connect")!;
  assert.deepEqual(connect.Properties!.AuthorizerId, { Ref: authorizerId }, `${prefix}: $connect uses the authorizer`);
  return { props: authorizer.Properties!, env: fn.Properties!.Environment.Variables, fn: fn.Properties!, auth };
}

describe("a JWT authorizer (SST v1's shape)", () => {
  const { props, env, fn, auth } = authorizerOf("V1");

  it("deploys as a REQUEST authorizer on $connect only, reading ?token= by default: API Gateway refuses JWT authorizers on WebSocket APIs", () => {
    assert.equal(props.AuthorizerType, "REQUEST");
    assert.deepEqual(props.IdentitySource, ["route.request.querystring.token"]);
    assert.equal(props.JwtConfiguration, undefined);
    assert.equal(props.AuthorizerResultTtlInSeconds, undefined);
    assert.deepEqual(auth, { $connect: "CUSTOM", sendMessage: "NONE" });
  });

  it("lets API Gateway invoke the authorizer function, from this API's authorizers only", () => {
    const [fnId] = resource(template, "AWS::Lambda::Function", "V1JwtAuthorizerFunction");
    const [apiId] = resource(template, "AWS::ApiGatewayV2::Api", "V1Api");
    const permissions = Object.values(resourcesOf(template, "AWS::Lambda::Permission")).filter(
      (p) => JSON.stringify(p.Properties!.FunctionName).includes(`"${fnId}"`),
    );
    assert.equal(permissions.length, 1);
    const { Action, Principal, SourceArn } = permissions[0].Properties!;
    assert.deepEqual([Action, Principal], ["lambda:InvokeFunction", "apigateway.amazonaws.com"]);
    const arn = JSON.stringify(SourceArn);
    assert.ok(arn.includes(`{"Ref":"${apiId}"}`) && arn.includes("/authorizers/"), arn);
  });

  it("runs the package's prebuilt handler, its settings in its environment", () => {
    assert.equal(fn.Handler, "index.handler");
    assert.equal(fn.Runtime, "nodejs24.x");
    assert.deepEqual(env, {
      JWT_ISSUER: "https://auth.example.com",
      JWT_AUDIENCE: '["chat-web","chat-ios"]',
      JWT_IDENTITY_SOURCE: '["route.request.querystring.token"]',
      JWT_SCOPES: '["chat:read"]',
      JWT_CLAIMS: '["email","groups"]',
    });
  });
});

describe("SST v3's shape, { jwt: { issuer, audiences, identitySource } }", () => {
  const { props, env } = authorizerOf("V3");

  it("works, with the HTTP API identity source rewritten for WebSocket APIs and a warning that says so", () => {
    assert.deepEqual(props.IdentitySource, ["route.request.header.Authorization"]);
    assert.equal(env.JWT_AUDIENCE, '["chat-web"]');
    const warnings = Annotations.fromStack(stack).findWarning("*", Match.anyValue()).map((w) => String(w.entry.data));
    assert.ok(
      warnings.some((w) => w.includes('"$request.header.Authorization" is how HTTP APIs name it; WebSocket APIs name it "route.request.header.Authorization"')),
      warnings.join("\n"),
    );
  });
});

describe("a Cognito user pool authorizer", () => {
  it("derives the issuer and JWKS of a pool given by id, region and clients (SST v1's shape)", () => {
    const { props, env } = authorizerOf("Pool");
    assert.equal(props.Name, "CognitoAuthorizer");
    assert.deepEqual(env, {
      JWT_ISSUER: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123",
      JWT_AUDIENCE: '["4f7example"]',
      JWT_JWKS_URI: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123/.well-known/jwks.json",
      JWT_IDENTITY_SOURCE: '["route.request.querystring.token"]',
      JWT_TOKEN_USE: "access",
    });
  });

  it("takes the pool and its clients as CDK constructs", () => {
    const { env } = authorizerOf("CdkPool");
    const [poolId] = resource(template, "AWS::Cognito::UserPool", "Users");
    const [clientId] = resource(template, "AWS::Cognito::UserPoolClient", "UsersWeb");
    assert.deepEqual(env.JWT_ISSUER, { "Fn::Join": ["", ["https://", { "Fn::GetAtt": [poolId, "ProviderName"] }]] });
    assert.ok(JSON.stringify(env.JWT_AUDIENCE).includes(`{"Ref":"${clientId}"}`), JSON.stringify(env.JWT_AUDIENCE));
    assert.equal(env.JWT_TOKEN_USE, "id");
  });
});

describe("a token sent as a subprotocol (new WebSocket(url, ['bearer', token]))", () => {
  it("reads Sec-WebSocket-Protocol, and without a $connect route of the user's, adds one that answers 'bearer'", () => {
    const { props, auth } = authorizerOf("Subprotocol");
    assert.deepEqual(props.IdentitySource, ["route.request.header.Sec-WebSocket-Protocol"]);
    assert.deepEqual(auth, { $connect: "CUSTOM", sendMessage: "NONE" });
    const connect = stack.subprotocol.getFunction("$connect")!;
    const cfn = connect.node.defaultChild as cdk.CfnResource;
    const [, fn] = resource(template, "AWS::Lambda::Function", stack.getLogicalId(cfn));
    assert.equal(fn.Properties!.Handler, "index.handler");
  });
});

describe("bad settings throw, naming the fix", () => {
  const build = (authorizer: unknown) => () =>
    new WebSocketApi(freshStack(), "Api", { authorizer: authorizer as never, routes: { $connect: "handlers/node/echo.main" } });
  const issuer = "https://auth.example.com";
  const cases: Array<[string, unknown, string]> = [
    ["no jwt", { type: "jwt" }, 'Missing "jwt" for the JWT authorizer: pass { issuer, audience } of the tokens it accepts.'],
    ["no audience", { type: "jwt", jwt: { issuer } }, 'Missing "audience" for the JWT authorizer'],
    ["an empty audience", { jwt: { issuer, audiences: [] } }, 'Missing "audience" for the JWT authorizer'],
    ["both audience forms", { jwt: { issuer, audience: ["a"], audiences: ["b"] } }, "Set the audiences of the JWT authorizer once"],
    ["an http issuer", { jwt: { issuer: "http://auth.example.com", audience: ["a"] } }, 'The issuer of the JWT authorizer must be an https URL, got "http://auth.example.com".'],
    ["an identity source of no API", { jwt: { issuer, audience: ["a"] }, identitySource: ["header.Authorization"] }, 'Invalid identity source "header.Authorization" for the token of a JWT authorizer'],
    ["a pool without an id", { type: "user_pool" }, 'Missing "userPool" for the user pool authorizer'],
    ["a pool without clients", { type: "user_pool", userPool: { id: "us-east-1_X" } }, "Missing app clients for the user pool authorizer"],
    ["an unknown token use", { type: "user_pool", userPool: { id: "us-east-1_X", clientIds: ["c"] }, tokenUse: "refresh" }, 'Invalid token use "refresh". Accepted: id, access.'],
    ["a misspelt prop", { jwt: { issuer, audience: ["a"] }, scope: ["x"] }, 'Unknown prop "scope" in authorizer.'],
    ["the string jwt", "jwt", 'Invalid authorizer "jwt". Accepted: none, iam, or an authorizer object'],
  ];
  for (const [name, authorizer, message] of cases) {
    it(name, () => assert.throws(build(authorizer), (e: Error) => e.message.startsWith(message) || assert.fail(e.message)));
  }

  for (const [name, jwt] of [
    ["on the loopback address", { issuer: "http://127.0.0.1:8080", audience: ["a"] }],
    ["anywhere with allowInsecureIssuer", { issuer: "http://keys.test", audience: ["a"], allowInsecureIssuer: true }],
  ] as const) {
    it(`an http issuer is accepted ${name}, for tests against a local key server, and the handler told so`, () => {
      const api = build({ jwt })();
      const functions = Template.fromStack(cdk.Stack.of(api)).findResources("AWS::Lambda::Function");
      assert.ok(Object.values(functions).some((f: any) => f.Properties.Environment?.Variables?.JWT_ALLOW_HTTP_ISSUER === "true"));
    });
  }
});
