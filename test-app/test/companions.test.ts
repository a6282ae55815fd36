// The struct-only companions of union props (issue 16): `accessLogSettings`, `customDomainSettings`,
// `lambdaAuthorizer`, `jwtAuthorizer` and `userPoolAuthorizer` mean what the struct form of their
// union prop means; both together are refused; and under a Python jsii host an object given to
// the union prop itself is refused, since jsii has dropped a dict's snake_case keys there.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import * as cdk from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import * as cognito from "aws-cdk-lib/aws-cognito";
import { Function, WebSocketApi, WebSocketApiProps } from "@cdk-from-rust/websocket-api";
import { freshStack, throwsExactly, under } from "./support";

const CONTEXT = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "cdk.context.json"), "utf8"));
const DESTINATION = "arn:aws:logs:us-east-1:123456789012:log-group:shared-access-logs";
const JWT = { jwt: { issuer: "https://auth.example.com", audience: ["chat-web"] } };

type Build = (stack: cdk.Stack) => WebSocketApiProps;

/** The template of one API built from `build` in a fresh stack. */
function synth(build: Build): unknown {
  const stack = freshStack(CONTEXT);
  new WebSocketApi(stack, "Api", build(stack));
  return Template.fromStack(stack).toJSON();
}

const authorizerFn = (stack: cdk.Stack) => new Function(stack, "AuthorizerFn", { handler: "handlers/node/default.main" });

describe("companion props", () => {
  const pairs: Array<[string, Build, Build]> = [
    [
      "accessLogSettings",
      () => ({ accessLog: { destinationArn: DESTINATION, retention: "one_week" } }),
      () => ({ accessLogSettings: { destinationArn: DESTINATION, retention: "one_week" } }),
    ],
    [
      "customDomainSettings",
      () => ({ customDomain: { domainName: "ws.example.com", path: "v1" } }),
      () => ({ customDomainSettings: { domainName: "ws.example.com", path: "v1" } }),
    ],
    [
      "lambdaAuthorizer",
      (stack) => ({ authorizer: { type: "lambda", function: authorizerFn(stack), name: "Token" } }),
      (stack) => ({ lambdaAuthorizer: { type: "lambda", function: authorizerFn(stack), name: "Token" } }),
    ],
    ["jwtAuthorizer", () => ({ authorizer: { ...JWT, scopes: ["chat:read"] } }), () => ({ jwtAuthorizer: { ...JWT, scopes: ["chat:read"] } })],
    [
      "userPoolAuthorizer",
      () => ({ authorizer: { type: "user_pool", userPool: { id: "us-east-1_AbC123", clientIds: ["c"] } } }),
      () => ({ userPoolAuthorizer: { userPool: { id: "us-east-1_AbC123", clientIds: ["c"] } } }),
    ],
  ];
  for (const [companion, union, given] of pairs) {
    it(`${companion} synthesizes what its union prop's struct form does`, () => {
      assert.deepEqual(synth(given), synth(union));
    });
  }

  it("userPoolAuthorizer needs no type: its name says which authorizer it is", () => {
    const withPool = (key: "authorizer" | "userPoolAuthorizer") => (stack: cdk.Stack) => {
      const pool = new cognito.UserPool(stack, "Users");
      const cdkProps = { userPool: pool, userPoolClients: [pool.addClient("Web")] };
      return key === "authorizer" ? { authorizer: { type: "user_pool", cdk: cdkProps } } : { userPoolAuthorizer: { cdk: cdkProps } };
    };
    assert.deepEqual(synth(withPool("userPoolAuthorizer")), synth(withPool("authorizer")));
  });

  it("refuses a union prop together with its companion, naming both", () => {
    throwsExactly(
      () => new WebSocketApi(freshStack(), "Api", { accessLog: false, accessLogSettings: { retention: "one_week" } }),
      'WebSocketApi "Test/Api": "accessLog" and "accessLogSettings" are both set, and "accessLogSettings" is "accessLog" given as a struct. Set one of them.',
    );
    throwsExactly(
      () => new WebSocketApi(freshStack(), "Api", { customDomain: "ws.example.com", customDomainSettings: { domainName: "ws.example.com" } }),
      'WebSocketApi "Test/Api": "customDomain" and "customDomainSettings" are both set, and "customDomainSettings" is "customDomain" given as a struct. Set one of them.',
    );
    throwsExactly(
      () => new WebSocketApi(freshStack(), "Api", { authorizer: "iam", jwtAuthorizer: JWT }),
      'WebSocketApi "Test/Api": "authorizer" and "jwtAuthorizer" are both set, and "jwtAuthorizer" is "authorizer" given as a struct. Set one of them.',
    );
  });

  it("refuses two authorizer companions together", () => {
    const stack = freshStack();
    throwsExactly(
      () => new WebSocketApi(stack, "Api", { lambdaAuthorizer: { type: "lambda", function: authorizerFn(stack) }, jwtAuthorizer: JWT }),
      'WebSocketApi "Test/Api": "lambdaAuthorizer" and "jwtAuthorizer" are both set, and each is a form of "authorizer", which takes one. Set one of them.',
    );
  });
});

describe("union props under a Python jsii host", () => {

  it("refuse an object, naming the Python companion and why", () => {
    throwsExactly(
      () => under("Python/3.12.3", () => new WebSocketApi(freshStack(), "Api", { accessLog: { retention: "one_week" } })),
      `WebSocketApi "Test/Api": "access_log" got a dict or struct, which jsii cannot pass through this union from Python: in a union it cannot tell a dict from a struct class (WebSocketApiAccessLogProps), and drops a dict's snake_case keys before the library sees them. Pass it as access_log_settings=WebSocketApiAccessLogProps(...) (a struct class, or a dict with snake_case keys); "access_log" takes a boolean or a string.`,
    );
    assert.throws(
      () => under("Python/3.12.3", () => new WebSocketApi(freshStack(), "Api", { customDomain: { domainName: "ws.example.com" } })),
      /"custom_domain" got a dict or struct.*Pass it as custom_domain_settings=WebSocketApiDomainProps\(\.\.\.\).*"custom_domain" takes a string\.$/,
    );
    assert.throws(
      () => under("Python/3.12.3", () => new WebSocketApi(freshStack(), "Api", { authorizer: JWT })),
      /"authorizer" got a dict or struct.*or jwt_authorizer=WebSocketApiJwtAuthorizer\(\.\.\.\) or .*"authorizer" takes "none" or "iam"\.$/,
    );
  });

  it("name the Python props when a union prop and its companion are both set", () => {
    throwsExactly(
      () => under("Python/3.12.3", () => new WebSocketApi(freshStack(), "Api", { accessLog: true, accessLogSettings: {} })),
      'WebSocketApi "Test/Api": "access_log" and "access_log_settings" are both set, and "access_log_settings" is "access_log" given as a struct. Set one of them.',
    );
  });

  it("take primitives in the union props and structs in the companions", () => {
    under("Python/3.12.3", () => {
      new WebSocketApi(freshStack(), "Api", { accessLog: "$context.requestId", authorizer: "iam" });
      new WebSocketApi(freshStack(CONTEXT), "Api", { customDomain: "ws.example.com", accessLogSettings: { retention: "one_week" } });
    });
  });

  it("leave other jsii hosts as they were: Java and Go pass their struct classes through unions", () => {
    for (const agent of ["Java/17.0.2", "Go/go1.22.0"]) {
      const template = under(agent, () => synth(() => ({ accessLog: { destinationArn: DESTINATION } })));
      assert.deepEqual(template, synth(() => ({ accessLog: { destinationArn: DESTINATION } })));
    }
  });
});
