// JWT and Cognito user pool authorizers of $connect (issue 14): SST v1's and v3's JWT shapes,
// a user pool by id and one as CDK constructs, and a token sent as a subprotocol.
import * as cdk from "aws-cdk-lib";
import * as cognito from "aws-cdk-lib/aws-cognito";
import { Construct } from "constructs";
import { Function, WebSocketApi } from "@cdk-from-rust/websocket-api";
import { ENV } from "./env";

export class JwtStack extends cdk.Stack {
  public readonly v1: WebSocketApi;
  public readonly v3: WebSocketApi;
  public readonly pool: WebSocketApi;
  public readonly cdkPool: WebSocketApi;
  public readonly subprotocol: WebSocketApi;

  constructor(scope: Construct, id: string) {
    super(scope, id, { env: ENV });
    const shared = new Function(this, "Handler", { handler: "handlers/node/echo.main" });
    const routes = { $connect: shared, sendMessage: shared };
    this.v1 = new WebSocketApi(this, "V1", {
      accessLog: false,
      authorizer: {
        type: "jwt",
        jwt: { issuer: "https://auth.example.com", audience: ["chat-web", "chat-ios"] },
        scopes: ["chat:read"],
        claims: ["email", "groups"],
      },
      routes,
    });
    this.v3 = new WebSocketApi(this, "V3", {
      accessLog: false,
      authorizer: {
        jwt: { issuer: "https://auth.example.com/", audiences: ["chat-web"], identitySource: ["$request.header.Authorization"] },
      },
      routes,
    });
    this.pool = new WebSocketApi(this, "Pool", {
      accessLog: false,
      authorizer: {
        type: "user_pool",
        userPool: { id: "eu-west-1_AbC123", clientIds: ["4f7example"], region: "eu-west-1" },
        tokenUse: "access",
        name: "CognitoAuthorizer",
      },
      routes,
    });
    const userPool = new cognito.UserPool(this, "Users", { passwordPolicy: { minLength: 12 } });
    const client = userPool.addClient("Web");
    this.cdkPool = new WebSocketApi(this, "CdkPool", {
      accessLog: false,
      authorizer: { type: "user_pool", cdk: { userPool, userPoolClients: [client] }, tokenUse: "id" },
      routes,
    });
    this.subprotocol = new WebSocketApi(this, "Subprotocol", {
      accessLog: false,
      authorizer: {
        type: "jwt",
        jwt: { issuer: "https://auth.example.com", audience: ["chat-web"] },
        identitySource: ["route.request.header.Sec-WebSocket-Protocol"],
      },
      routes: { sendMessage: shared },
    });
  }
}
