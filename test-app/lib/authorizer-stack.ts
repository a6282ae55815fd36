// Authorizers of the $connect route: none, IAM, a Lambda authorizer with CDK's defaults, one
// with a name and identity source, and an existing CDK authorizer.
import * as cdk from "aws-cdk-lib";
import * as apigwv2Authorizers from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { Construct } from "constructs";
import { Function, WebSocketApi } from "@cdk-from-rust/websocket-api";
import { ENV } from "./env";

export class AuthorizerStack extends cdk.Stack {
  public readonly none: WebSocketApi;
  public readonly iam: WebSocketApi;
  public readonly lambda: WebSocketApi;
  public readonly named: WebSocketApi;
  public readonly existing: WebSocketApi;
  public readonly authorizerFunction: Function;
  public readonly existingAuthorizer: apigwv2Authorizers.WebSocketLambdaAuthorizer;

  constructor(scope: Construct, id: string) {
    super(scope, id, { env: ENV });
    // One handler for every route: the tests are about authorization, not functions.
    const shared = new Function(this, "Handler", { handler: "handlers/node/echo.main" });
    const routes = { $connect: shared, $disconnect: shared, sendMessage: shared };
    this.authorizerFunction = new Function(this, "AuthorizerFn", { handler: "handlers/node/default.main" });

    this.none = new WebSocketApi(this, "None", { accessLog: false, authorizer: "none", routes });
    this.iam = new WebSocketApi(this, "Iam", { accessLog: false, authorizer: "iam", routes });
    this.lambda = new WebSocketApi(this, "Lambda", {
      accessLog: false,
      authorizer: { type: "lambda", function: this.authorizerFunction },
      routes,
    });
    this.named = new WebSocketApi(this, "Named", {
      accessLog: false,
      authorizer: {
        type: "lambda",
        function: this.authorizerFunction,
        name: "TokenAuthorizer",
        identitySource: ["route.request.querystring.token", "route.request.header.X-Client"],
      },
      routes,
    });
    this.existingAuthorizer = new apigwv2Authorizers.WebSocketLambdaAuthorizer("Existing", this.authorizerFunction, {
      identitySource: ["route.request.header.X-Existing"],
    });
    this.existing = new WebSocketApi(this, "ExistingAuth", {
      accessLog: false,
      // name, identitySource and function are ignored next to cdk.authorizer, as in SST.
      authorizer: { type: "lambda", name: "Ignored", cdk: { authorizer: this.existingAuthorizer } },
      routes,
    });
  }
}
