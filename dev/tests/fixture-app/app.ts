// A CDK app written only with aws-cdk-lib's own constructs (no library of ours): the fixture
// `dev --assembly` must serve. Main API: REQUEST authorizer, two-way and one-way routes, a
// CommonJS and an ESM handler, a Python handler, handlers that throw (Errors and other values), hang, spin, crash, flood and answer too much. Templated API, in a
// nested stack: a template route selection expression and no $connect route. Signed API:
// AWS_IAM on $connect.
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import * as cdk from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import { WebSocketLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import { WebSocketIamAuthorizer, WebSocketLambdaAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";

const here = path.dirname(fileURLToPath(import.meta.url));
const app = new cdk.App();
const stack = new cdk.Stack(app, "Plain", { env: { account: "123456789012", region: "eu-west-1" } });

function fn(scope: cdk.Stack, id: string, handler: string, timeout: number, dir = "handlers", environment: Record<string, string> = {}) {
  return new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler,
    code: lambda.Code.fromAsset(path.join(here, dir)),
    timeout: cdk.Duration.seconds(timeout),
    environment,
  });
}

const authorizer = new WebSocketLambdaAuthorizer("TeamAuthorizer", fn(stack, "Authorizer", "authorizer.handler", 5), {
  identitySource: ["route.request.querystring.token", "route.request.header.X-Team"],
});
const connectFn = fn(stack, "Connect", "connect.handler", 5);
const api = new apigwv2.WebSocketApi(stack, "Main", {
  connectRouteOptions: { integration: new WebSocketLambdaIntegration("Connect", connectFn), authorizer },
  disconnectRouteOptions: { integration: new WebSocketLambdaIntegration("Disconnect", connectFn) },
});
api.addRoute("events", { integration: new WebSocketLambdaIntegration("Events", connectFn), returnResponse: true });
const stage = new apigwv2.WebSocketStage(stack, "Stage", { webSocketApi: api, stageName: "dev", autoDeploy: true, stageVariables: { tier: "local" } });
const echo = fn(stack, "Echo", "echo.handler", 5, "handlers", { MAIN_URL: stage.url, MAIN_CALLBACK: stage.callbackUrl });
api.addRoute("echo", { integration: new WebSocketLambdaIntegration("EchoIntegration", echo), returnResponse: true });
api.addRoute("oneway", { integration: new WebSocketLambdaIntegration("OneWay", echo) });
const post = fn(stack, "Post", "post.handler", 10);
stage.grantManagementApiAccess(post);
api.addRoute("post", { integration: new WebSocketLambdaIntegration("PostIntegration", post), returnResponse: true });
const fail = fn(stack, "Fail", "fail.handler", 5);
for (const key of ["throw", "hang", "crash", "flood", "spin", "print", "huge", "pid"]) {
  api.addRoute(key, { integration: new WebSocketLambdaIntegration(`Fail${key}`, fail), returnResponse: true });
}
api.addRoute("odd", { integration: new WebSocketLambdaIntegration("Odd", fn(stack, "Odd", "odd.handler", 5)), returnResponse: true });
const py = new lambda.Function(stack, "Py", {
  runtime: lambda.Runtime.PYTHON_3_12,
  handler: "py_route.handler",
  code: lambda.Code.fromAsset(path.join(here, "handlers")),
  timeout: cdk.Duration.seconds(5),
});
for (const key of ["py", "pyfail"]) {
  api.addRoute(key, { integration: new WebSocketLambdaIntegration(`Py${key}`, py), returnResponse: true });
}
api.addRoute("slow", { integration: new WebSocketLambdaIntegration("Slow", fn(stack, "Slow", "fail.handler", 60)), returnResponse: true });

// Signed API: AWS_IAM on $connect.
const signed = new apigwv2.WebSocketApi(stack, "Signed", {
  connectRouteOptions: { integration: new WebSocketLambdaIntegration("SignedConnect", fn(stack, "SignedConnect", "connect.handler", 5)), authorizer: new WebSocketIamAuthorizer() },
  defaultRouteOptions: { integration: new WebSocketLambdaIntegration("SignedEcho", echo), returnResponse: true },
});
new apigwv2.WebSocketStage(stack, "SignedStage", { webSocketApi: signed, stageName: "signed", autoDeploy: true });

class Inner extends cdk.NestedStack {
  constructor(scope: cdk.Stack, id: string) {
    super(scope, id);
    const route = fn(this as unknown as cdk.Stack, "Route", "route.handler", 5, "nested-handlers");
    const templated = new apigwv2.WebSocketApi(this, "Templated", {
      routeSelectionExpression: "${request.body.service}/${request.body.action}",
      defaultRouteOptions: { integration: new WebSocketLambdaIntegration("Fallback", route), returnResponse: true },
    });
    new apigwv2.WebSocketStage(this, "Stage", { webSocketApi: templated, stageName: "live", autoDeploy: true });
    templated.addRoute("chat/join", { integration: new WebSocketLambdaIntegration("Join", route), returnResponse: true });
  }
}
new Inner(stack, "Inner");
